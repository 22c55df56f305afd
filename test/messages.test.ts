/** Issue 8: service words as codes, worded by the renderer in every language; plurals; dates. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { dispatch } from '../main/dispatch';
import { LANGUAGES, dateLocale } from '../shared/i18n';
import { formatDate } from '../shared/i18n/languages';
import { auditActionKey, messageRef, storedText } from '../shared/messages';
import { makeServices } from './helpers';
import { tFor } from './i18n-tools';
import { formatDuration, formatTime } from '../renderer/src/format';
import { NoConnection } from '../shared/contract/client';
import { describeError } from '../renderer/src/ui/ErrorText';
import { formatDay } from '../shared/i18n/languages';
import { dateInWords } from '../shared/document-text';


describe('coded messages', () => {
  it('input errors name the field and the problem; the CLI message stays English', async () => {
    const s = makeServices();
    const r = await dispatch(s.handlers, 'createDraft', { title: '   ' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/^createDraft: title/);
    expect(messageRef(r.error.details)).toEqual({ messageKey: 'validation.required', messageParams: { field: 'title' } });
    const long = await dispatch(s.handlers, 'createDraft', { title: 'x'.repeat(400) });
    expect(!long.ok && messageRef(long.error.details)).toMatchObject({ messageKey: 'validation.tooLong', messageParams: { field: 'title', max: 300 } });
  });

  it('a draft in the trash: a coded conflict the renderer words in French and Arabic', async () => {
    const s = makeServices();
    const d = s.drafts.create({ title: 'Revue' });
    s.drafts.setDeleted(d.id, true);
    const err = await invoke(s.handlers, 'renameDraft', { draftId: d.id, title: 'x' }).catch((e) => e);
    const ref = messageRef(err.details)!;
    expect(ref).toEqual({ messageKey: 'errors.draftInTrash', messageParams: { title: 'Revue' } });
    expect((await tFor('fr'))(`msg.${ref.messageKey}`, ref.messageParams)).toBe('Le brouillon «\u00a0Revue\u00a0» est dans la corbeille\u202f; restaurez-le d’abord.') // no-break spaces: U+00A0 inside « », U+202F before ;;
    expect((await tFor('ar'))(`msg.${ref.messageKey}`, ref.messageParams)).toContain('سلة المحذوفات');
  });

  it('stored English phrases are recognised as codes and exist in every language', async () => {
    const samples = [
      'text before the first recognised question',
      'answer to a question not in the template: "Z) Anything?"',
      'edited after approval; version 3 stays final',
      'both sides changed the same part of the answer (2 places)',
      'both sides set a different status',
    ];
    for (const lang of LANGUAGES) {
      const t = await tFor(lang);
      for (const text of samples) {
        const ref = storedText(text)!;
        expect(ref, text).not.toBeNull();
        const out = t(`msg.${ref.messageKey}`, { ...ref.messageParams, defaultValue: '' });
        expect(out, `${lang}: ${text}`).not.toBe('');
        if (lang === 'ar') expect(out).toMatch(/\p{Script=Arabic}/u);
      }
    }
    expect(storedText('a sentence a user wrote')).toBeNull();
  });

  it('Arabic plurals use the six forms; French and English their own', async () => {
    const ar = await tFor('ar');
    const forms = [0, 1, 2, 3, 11, 100].map((count) => ar('msg.conflict.sameAnswerPart', { count }));
    expect(new Set(forms).size).toBe(6);
    expect(new Intl.PluralRules('ar').resolvedOptions().pluralCategories).toHaveLength(6);
    const en = await tFor('en');
    expect(en('cons.comments.count', { count: 1 })).toBe('1 open comment');
    expect(en('cons.comments.count', { count: 2 })).toBe('2 open comments');
  });

  it('dates and numbers: Moroccan Arabic keeps Latin digits', () => {
    const d = new Date(Date.UTC(2021, 2, 2));
    const f = (lang: 'en' | 'fr' | 'ar') => new Intl.DateTimeFormat(dateLocale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
    expect(f('en')).toBe('2 March 2021');
    expect(f('fr')).toBe('2 mars 2021');
    expect(f('ar')).toMatch(/^2 .+ 2021$/);
    expect(f('ar')).toMatch(/\p{Script=Arabic}/u);
    expect(new Intl.NumberFormat(dateLocale('ar')).format(12345)).toMatch(/^12.345$/);
  });

  it('the first of the month in French is "1er", on screens and in documents; the other days, English and Arabic as they were', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      const first = new Date(Date.UTC(2026, 0, 1, 9));
      const later = new Date(Date.UTC(2026, 4, 20));
      // screens: a calendar day, a date and time
      expect(['2026-01-01', '2026-03-11', '2026-05-21'].map((d) => formatDay(d, 'fr'))).toEqual(['1er janvier 2026', '11 mars 2026', '21 mai 2026']);
      expect(formatTime(first.toISOString(), 'fr', later)).toBe('1er janv. 2026, 09:00');
      expect(formatTime(first.toISOString(), 'fr', first)).toBe('09:00'); // today: the time alone
      expect(formatDay('2026-01-01', 'en')).toBe('1 January 2026');
      expect(formatTime(first.toISOString(), 'en', later)).toBe('1 Jan 2026, 09:00');
      expect(formatDay('2026-01-01', 'ar')).toBe('1 يناير 2026');
      // Arabic with no Arab country named by the system: ICU's standard Arabic, its 12-hour clock (ص: morning)
      expect(formatTime(first.toISOString(), 'ar', later)).toBe('01\u200f/01\u200f/2026، 9:00 ص');
      expect(formatTime(first.toISOString(), 'ar', first)).toBe('9:00 ص'); // today: the time alone, the hour without its zero on a 12-hour clock
      expect(formatTime(first.toISOString(), 'en', first)).toBe('09:00'); // a 24-hour clock keeps it
      // documents (the Word export's, the print's date)
      expect(dateInWords(first, 'fr', 'Maroc')).toBe('1er janvier 2026');
      expect(dateInWords(new Date(Date.UTC(2026, 0, 11)), 'fr')).toBe('11 janvier 2026');
      expect(dateInWords(first, 'en')).toBe('1 January 2026');
      expect(dateInWords(first, 'ar', 'المغرب')).toBe('1 يناير 2026');
      expect(dateInWords(new Date(Date.UTC(2026, 11, 1)), 'ar', 'المغرب')).toBe('1 دجنبر 2026');
      // never beside a month in figures
      expect(formatDate(new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'numeric', timeZone: 'UTC' }), first)).toBe('01/01');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("the outbox's notice that this computer's clock is off: the duration in words, ahead or behind, in each language", async () => {
    const offset = -(2 * 60 + 5) * 60_000; // the intake's clock minus this computer's: this one is 2 h 5 min ahead
    expect(formatDuration(offset, 'en')).toBe('2 hours, 5 minutes');
    expect(formatDuration(offset, 'fr')).toMatch(/^2\sheures et 5\sminutes$/); // (a narrow no-break space in French)
    expect(formatDuration(offset, 'ar')).toMatch(/^ساعتان و5 دقائق$/);
    expect(formatDuration(40 * 60_000, 'en')).toBe('40 minutes');
    expect(formatDuration(26 * 3600_000, 'fr')).toMatch(/^1\sjour et 2\sheures$/);
    const words = async (lang: 'en' | 'fr' | 'ar', key: string) => (await tFor(lang))(key, { duration: formatDuration(offset, lang) });
    expect(await words('en', 'delivery.clockAhead')).toMatch(/^This computer's clock is 2 hours, 5 minutes ahead of the intake's\./);
    expect(await words('fr', 'delivery.clockBehind')).toMatch(/^L’horloge de cet ordinateur retarde de 2\sheures et 5\sminutes/);
    expect(await words('ar', 'delivery.clockAhead')).toContain('متقدّمة بمقدار ساعتان و5 دقائق');
  });
});

/** Every TypeScript file of main/, with its text. */
function mainSources(dir = path.join(__dirname, '..', 'main')): Array<[string, string]> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e): Array<[string, string]> => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? mainSources(p) : p.endsWith('.ts') ? [[p, fs.readFileSync(p, 'utf8')]] : [];
  });
}

describe('a call that fails in the page', () => {
  it("says the app cannot be reached only when the request never reached it, with the browser's words beneath; a fault of the page is not worded as one", async () => {
    for (const lng of LANGUAGES) {
      const t = (await tFor(lng)) as never;
      const offline = describeError(new NoConnection('ensureSigningKey', new TypeError('Failed to fetch')), t);
      expect(offline).toEqual({ text: (t as (k: string) => string)('errors.noConnection'), technical: 'ensureSigningKey: Failed to fetch' });
      // a TypeError thrown by the page's own code (a bug) was shown as "the application is not reachable", its message hidden
      const bug = describeError(new TypeError("Cannot read properties of undefined (reading 'title')"), t);
      expect(bug.text).toBe((t as (k: string) => string)('msg.codes.internal'));
      expect(bug.text).not.toBe(offline.text);
      expect(bug.technical).toBe("Cannot read properties of undefined (reading 'title')");
    }
  });
});

describe('audit actions', () => {
  /** The action codes main/ writes to the audit log (a literal, or either side of a ternary). */
  function auditActions(): string[] {
    const codes = new Set<string>();
    for (const [, src] of mainSources()) for (const m of src.matchAll(/\.audit\(([^{;]*)/g)) for (const c of m[1]!.matchAll(/'([a-z]+(?:\.[a-z-]+)+)'/g)) codes.add(c[1]!);
    return [...codes].sort();
  }

  it('every action the services write to the audit log has a label in English, French and Arabic', async () => {
    const codes = auditActions();
    expect(codes).toEqual(expect.arrayContaining(['draft.create', 'participant.consent-withdrawn', 'contribution.edit-after-export', 'bundle.import.signer-confirmed']));
    for (const lang of LANGUAGES) {
      const t = await tFor(lang);
      for (const code of codes) {
        const out = t(auditActionKey(code), { defaultValue: '' });
        expect(out, `${lang}: ${code}`).not.toBe('');
        if (lang === 'ar') expect(out, code).toMatch(/\p{Script=Arabic}/u);
      }
    }
  });
});

describe('service refusals the renderer words', () => {
  /** Every key main/ codes (coded('x.y'…) and the bundle refusals of main/bundle/refusals.ts). */
  function codedKeys(): string[] {
    const keys = new Set<string>();
    for (const [p, src] of mainSources()) {
      for (const m of src.matchAll(/\bcoded\(\s*'([\w.]+)'/g)) keys.add(m[1]!);
      if (p.endsWith(path.join('bundle', 'refusals.ts'))) for (const m of src.matchAll(/refusal\(\s*'\w+',\s*(?:'(\w+)'|\w+ \? '(\w+)' : '(\w+)')/g)) for (const k of m.slice(1)) if (k) keys.add(`bundle.${k}`);
    }
    return [...keys].sort();
  }

  it('every key the services code is worded in English, French and Arabic', async () => {
    const keys = codedKeys();
    expect(keys.length).toBeGreaterThan(40);
    expect(keys).toEqual(expect.arrayContaining(['bundle.altered', 'bundle.signerUnknown', 'reviewFlow.selfApproval', 'target.httpLoopbackOnly', 'contribution.travelled']));
    const en = await tFor('en');
    for (const lang of LANGUAGES) {
      const t = await tFor(lang);
      for (const key of keys) {
        const out = t(`msg.${key}`, { defaultValue: '' });
        expect(out, `${lang}: msg.${key}`).not.toBe('');
        if (lang === 'ar') expect(out, key).toMatch(/\p{Script=Arabic}/u);
        if (lang === 'fr') expect(out, key).not.toBe(en(`msg.${key}`));
      }
    }
  });

  it('self-approval under the four-eyes rule and an http intake elsewhere: coded, worded in French and Arabic', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setReviewRules', { approverNotSubmitter: true });
    const d = s.drafts.create({ title: 'Revue' });
    await invoke(s.handlers, 'reviewTransition', { draftId: d.id, action: 'submit' });
    const err = await invoke(s.handlers, 'reviewTransition', { draftId: d.id, action: 'approve' }).catch((e) => e);
    expect(err.message).toMatch(/someone else approves it/);
    const ref = messageRef(err.details)!;
    expect(ref).toEqual({ messageKey: 'reviewFlow.selfApproval', messageParams: { version: 1 } });
    expect((await tFor('fr'))(`msg.${ref.messageKey}`, ref.messageParams)).toContain('la version 1');
    expect((await tFor('ar'))(`msg.${ref.messageKey}`, ref.messageParams)).toContain('الإصدار 1');

    const pem = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const http = await invoke(s.handlers, 'deliveryConnect', { url: 'http://intake.example.org', intakeKeyPem: pem }).catch((e) => e);
    expect(messageRef(http.details)?.messageKey).toBe('target.httpLoopbackOnly');
    expect((await tFor('ar'))('msg.target.httpLoopbackOnly')).toMatch(/https:\/\//);
  });
});
