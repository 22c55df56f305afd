/**
 * A department's returned texts arrive out of order or again further on (found by the simulation,
 * test/consolidation-sim.test.ts; its seed 1026 fails on the code before the fix): the newest text
 * of one history answers the earlier ones, so a conflict is never opened, nor left open, over a
 * text the department has moved past, and a change it withdrew does not come back.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { cli, tempDir } from './helpers';
import { answer, save } from './merge-helpers';
import { person, trust } from './bundle-tools';
import { storedText } from '../shared/messages';
import { tFor } from './i18n-tools';

const BASE = 'Le comité national se réunit chaque trimestre.\n\nIt reports to the Head of Government.';

/**
 * The ministry sends I.a out; the department sends it back twice, `first` (b1) then `second` (b2),
 * each time from the same copy; the ministry changed the first sentence meanwhile.
 */
async function twoReturns(first: string, second: string, base = BASE, ours = BASE.replace('chaque trimestre', 'chaque mois')) {
  const dir = tempDir();
  const M = await person(path.join(dir, 'm.sqlite'), 'Amina', 'Ministère des Affaires étrangères');
  const D = await person(path.join(dir, 'd.sqlite'), 'سلمى', 'وزارة التشغيل');
  await trust(D, M);
  await trust(M, D);
  const master = (await invoke(M.handlers, 'createDraft', { title: 'Revue nationale' })).id;
  await save(M, master, 'I.a', answer(base));
  const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
  const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file });
  await save(D, dept, 'I.a', answer(first));
  const b1 = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'b1.gcmr') });
  await save(D, dept, 'I.a', answer(second));
  const b2 = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'b2.gcmr') });
  await save(M, master, 'I.a', answer(ours));
  return { M, master, b1, b2 };
}

/** b1 and b2 change the same sentence as the ministry did, b2 further than b1. */
const furtherOn = () =>
  twoReturns(BASE.replace('trimestre.', 'trimestre avec l’Intérieur.'), BASE.replace('trimestre.', 'trimestre avec l’Intérieur et la Santé.'));

/** Five paragraphs; the department's (d) and the ministry's (m) versions of the 1st, 3rd and 5th. */
const paras = ['Le comité national se réunit chaque trimestre.', 'Il comprend douze ministères.', 'Son secrétariat est permanent.', 'Il publie un rapport.', 'It reports to the Head of Government.'];
const five = (p1: string, p3: string, p5: string) => [p1, paras[1], p3, paras[3], p5].join('\n\n');
const P1d = 'Le comité national se réunit chaque trimestre avec l’Intérieur.';
const P3d = 'Son secrétariat est permanent depuis 2020.';
const P3m = 'Son secrétariat permanent est au ministère.';
const P5m = 'تقدّم اللجنة تقريرها إلى رئيس الحكومة.';

const open = (M: Services, draftId: string) => invoke(M.handlers, 'listConflicts', { draftId });
const text = async (M: Services, draftId: string) => (await invoke(M.handlers, 'getDraft', { draftId })).fields['I.a']!.text;

describe('returned texts of one history arriving out of order', () => {
  it('an older bundle after a newer one whose conflict waits asks nothing again', async () => {
    const { M, master, b1, b2 } = await furtherOn();
    await invoke(M.handlers, 'importBundleInto', { file: b2.file, draftId: master });
    const [c2] = await open(M, master);
    expect(c2!.theirs!.text).toMatch(/et la Santé/);
    const r1 = await invoke(M.handlers, 'importBundleInto', { file: b1.file, draftId: master });
    expect(r1.message).toMatch(/1 conflict to resolve/);
    // still the one conflict, over the department's newest text
    expect((await open(M, master)).map((c) => c.id)).toEqual([c2!.id]);
    await invoke(M.handlers, 'resolveConflict', { conflictId: c2!.id, take: 'theirs' });
    expect(await text(M, master)).toMatch(/avec l’Intérieur et la Santé/);
    expect(await open(M, master)).toEqual([]);
  });

  it('a newer bundle answers the conflict an older one left open: that one is closed, the newer asked', async () => {
    const { M, master, b1, b2 } = await furtherOn();
    await invoke(M.handlers, 'importBundleInto', { file: b1.file, draftId: master });
    const [c1] = await open(M, master);
    await invoke(M.handlers, 'importBundleInto', { file: b2.file, draftId: master });
    const now = await open(M, master);
    expect(now).toHaveLength(1);
    expect(now[0]!.theirs!.text).toMatch(/et la Santé/);
    // the older question is closed, by the import that answered it, and the audit log says so
    const all = await invoke(M.handlers, 'listConflicts', { draftId: master, includeResolved: true });
    expect(all.find((c) => c.id === c1!.id)).toMatchObject({ resolvedBy: 'Amina', resolvedRevisionId: null, answered: true });
    const log = await invoke(M.handlers, 'auditLog', { draftId: master });
    const why = log.find((e) => e.action === 'conflict.resolve')!.why;
    expect(why).toBe(`answered by the newer text of the same history in bundle ${b2.bundleId}`);
    // the screen and the audit word it in the interface language, not as a decision
    const ref = storedText(why)!;
    expect(ref).toEqual({ messageKey: 'conflict.answered', messageParams: { bundle: b2.bundleId } });
    expect((await tFor('fr'))(`msg.${ref.messageKey}`, ref.messageParams)).toBe(`répondu par le texte plus récent du même historique, dans le paquet ${b2.bundleId}`);
    expect((await tFor('ar'))(`msg.${ref.messageKey}`, ref.messageParams)).toMatch(new RegExp(`\\p{Script=Arabic}.*${b2.bundleId}`, 'u'));
    // a conflict the user decides is not "answered"
    await invoke(M.handlers, 'resolveConflict', { conflictId: now[0]!.id, take: 'theirs' });
    expect((await invoke(M.handlers, 'listConflicts', { draftId: master, includeResolved: true })).find((c) => c.id === now[0]!.id)).toMatchObject({ answered: false });
    // its text stays in the history the current conflict's theirs descends from
    const theirs = await invoke(M.handlers, 'getRevision', { revisionId: now[0]!.theirs!.revisionId });
    expect(theirs.parentId).toBe(c1!.theirs!.revisionId);
    // on the CLI (English) too
    const file = M.store.file;
    M.close();
    const lines = (await cli(file, 'conflicts', 'list', master, '--all')).out.split('\n');
    expect(lines.find((l) => l.startsWith(c1!.id))).toMatch(/\tanswered by a newer text, closed without a decision /);
    expect(lines.find((l) => l.startsWith(now[0]!.id))).toMatch(/\tresolved /);
  });

  it('an older bundle after a newer one that withdrew its change brings nothing back', async () => {
    // the department adds a paragraph and sends it (b1), then takes it out again and sends that (b2)
    const { M, master, b1, b2 } = await twoReturns(BASE.replace('\n\nIt', '\n\nتم إشراك النقابات.\n\nIt'), BASE);
    await invoke(M.handlers, 'importBundleInto', { file: b2.file, draftId: master });
    const before = await text(M, master);
    const r1 = await invoke(M.handlers, 'importBundleInto', { file: b1.file, draftId: master });
    expect(r1.message).toMatch(/0 merged, 0 taken, 1 unchanged, 0 conflicts/);
    expect(await text(M, master)).toBe(before);
    expect(before).not.toMatch(/النقابات/);
    expect(await open(M, master)).toEqual([]);
  });

  it('a newer bundle takes over the decisions of the conflict it answers where the same place is asked, and says how many no longer apply', async () => {
    // five paragraphs; both sides change the 1st, 3rd and 5th; the department's second text changes its 5th further
    const { M, master, b1, b2 } = await twoReturns(
      five(P1d, P3d, 'It reports to the Head of Government and to Parliament.'),
      five(P1d, P3d, 'It reports to the Head of Government and to Parliament, in writing.'),
      paras.join('\n\n'),
      five('Le comité national se réunit chaque mois.', P3m, P5m),
    );
    await invoke(M.handlers, 'importBundleInto', { file: b1.file, draftId: master });
    const [c1] = await open(M, master);
    expect(c1!.places).toHaveLength(3);
    await invoke(M.handlers, 'decideConflictPlace', { conflictId: c1!.id, place: 0, choice: 'theirs' });
    await invoke(M.handlers, 'decideConflictPlace', { conflictId: c1!.id, place: 2, choice: 'both' });
    await invoke(M.handlers, 'importBundleInto', { file: b2.file, draftId: master });
    const [c2] = await open(M, master);
    expect(c2!.id).not.toBe(c1!.id);
    // place 1 asks the same as before: its decision is carried over, as it was taken; place 3 changed: asked again
    expect(c2!.places.map((p) => [p.choice, p.decidedBy])).toEqual([['theirs', 'Amina'], [null, null], [null, null]]);
    expect(c2!.earlierDecisions).toEqual({ carried: 1, superseded: 1, settled: 0 });
    // the conflict's page says so in the interface language (ConflictsView)
    const said = { en: /carried over.*\n.*no longer applies/, fr: /reprise au même endroit.*\n.*ne s’applique plus/, ar: /نُقل قرار واحد.*\n.*لم يعد قرار واحد/ } as const;
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const t = await tFor(lang);
      expect(['carried', 'superseded'].map((k) => t(`consolidate.places.${k}`, { count: 1 })).join('\n')).toMatch(said[lang]);
    }
    // the conflict answered keeps its decisions as they were taken
    const old = (await invoke(M.handlers, 'listConflicts', { draftId: master, includeResolved: true })).find((c) => c.id === c1!.id)!;
    expect(old.places.map((p) => p.choice)).toEqual(['theirs', null, 'both']);
    await invoke(M.handlers, 'resolveConflict', { conflictId: c2!.id, take: 'ours' });
    expect(await text(M, master)).toBe(five(P1d, P3m, P5m).replaceAll('\n\n', '\n'));
  });

  it('a decision at a place the newer text no longer changes is said to be no longer needed, not to be decided again', async () => {
    // the department's second text takes back its change of the 3rd paragraph and changes the 5th further
    const { M, master, b1, b2 } = await twoReturns(
      five(P1d, P3d, 'It reports to the Head of Government and to Parliament.'),
      five(P1d, paras[2]!, 'It reports to the Head of Government and to Parliament, in writing.'),
      paras.join('\n\n'),
      five('Le comité national se réunit chaque mois.', P3m, P5m),
    );
    await invoke(M.handlers, 'importBundleInto', { file: b1.file, draftId: master });
    const [c1] = await open(M, master);
    expect(c1!.places).toHaveLength(3);
    // two places decided, the third left open (deciding the last writes the answer)
    for (const [place, choice] of [[0, 'theirs'], [1, 'both']] as const) await invoke(M.handlers, 'decideConflictPlace', { conflictId: c1!.id, place, choice });
    await invoke(M.handlers, 'importBundleInto', { file: b2.file, draftId: master });
    const [c2] = await open(M, master);
    // the 1st asked as before (its decision carried), the 5th asked (never decided), the 3rd no longer asked
    expect(c2!.places.map((p) => p.choice)).toEqual(['theirs', null]);
    expect(c2!.earlierDecisions).toEqual({ carried: 1, superseded: 0, settled: 1 });
    // said without claiming whose text the merge kept (it may be either side's: the case below)
    const said = { en: /no longer needed: .* no longer conflicts and the merge settled it/, fr: /n’est plus nécessaire\u00a0: .*la fusion l’a réglé/, ar: /لم يعد قرار واحد .* لازمًا: .*حسمه الدمج/ } as const;
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const t = await tFor(lang);
      expect(t('consolidate.places.settled', { count: 1 })).toMatch(said[lang]);
      expect(t('consolidate.places.settled', { count: 1 })).not.toMatch(/Decide|Tranchez|احسم|ministry|ministère|الوزارة/);
    }
    await invoke(M.handlers, 'resolveConflict', { conflictId: c2!.id, take: 'ours' });
    expect(await text(M, master)).toBe(five(P1d, P3m, P5m).replaceAll('\n\n', '\n'));
  });

  it('settled, not asked again: the ministry takes back its own change at a decided place (the department’s further text is taken); two deleted places are not one stretch', async () => {
    // the ministry takes back its change of the 3rd paragraph after deciding it: the department's newer text goes in there by itself
    const r = await twoReturns(five(P1d, P3d, paras[4]!), five(P1d, 'Son secrétariat est permanent depuis 2021.', paras[4]!), paras.join('\n\n'), five('Le comité national se réunit chaque mois.', P3m, paras[4]!));
    await invoke(r.M.handlers, 'importBundleInto', { file: r.b1.file, draftId: r.master });
    const [a1] = await open(r.M, r.master);
    expect(a1!.places).toHaveLength(2);
    await invoke(r.M.handlers, 'decideConflictPlace', { conflictId: a1!.id, place: 1, choice: 'ours' });
    await save(r.M, r.master, 'I.a', answer(five('Le comité national se réunit chaque mois.', paras[2]!, paras[4]!)));
    await invoke(r.M.handlers, 'importBundleInto', { file: r.b2.file, draftId: r.master });
    const [a2] = await open(r.M, r.master);
    expect(a2!.earlierDecisions).toEqual({ carried: 0, superseded: 0, settled: 1 });
    expect(await text(r.M, r.master)).toMatch(/depuis 2021/);

    // the ministry deleted the 3rd and the 5th; the department changed both, then took back the 3rd:
    // the 3rd is no longer asked, though the 5th (also a deletion on the ministry's side) still is
    const d = await twoReturns(five(paras[0]!, P3d, 'It reports to Parliament.'), five(paras[0]!, paras[2]!, 'It reports to Parliament, in writing.'), paras.join('\n\n'), [paras[0], paras[1], paras[3]].join('\n\n'));
    await invoke(d.M.handlers, 'importBundleInto', { file: d.b1.file, draftId: d.master });
    const [d1] = await open(d.M, d.master);
    expect(d1!.places).toHaveLength(2);
    await invoke(d.M.handlers, 'decideConflictPlace', { conflictId: d1!.id, place: 0, choice: 'theirs' });
    await invoke(d.M.handlers, 'importBundleInto', { file: d.b2.file, draftId: d.master });
    const [d2] = await open(d.M, d.master);
    expect(d2!.earlierDecisions).toEqual({ carried: 0, superseded: 0, settled: 1 });
  });
});
