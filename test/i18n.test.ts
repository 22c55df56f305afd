import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemArabRegion } from '../shared/arab-regions';
import { dirOf, pickLanguage, resources } from '../shared/i18n';
import { dateLocale, formatDay, setInterfaceRegion } from '../shared/i18n/languages';
import { OBJECTIVE_STATUSES } from '../shared/template/schema';

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k.replace(PLURAL, '')] : keys(v, `${prefix}${k}.`)));
}
const keySet = (lang: keyof typeof resources) => new Set(keys(resources[lang].translation as unknown as Tree));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe('interface strings', () => {
  it('English, French and Arabic have exactly the same keys', () => {
    const en = [...keySet('en')].sort();
    expect([...keySet('fr')].sort()).toEqual(en);
    expect([...keySet('ar')].sort()).toEqual(en);
  });

  it('every key the renderer uses exists', () => {
    const en = keySet('en');
    const used = new Set<string>();
    for (const f of sourceFiles(path.join(__dirname, '..', 'renderer', 'src'))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]!);
    }
    for (const s of OBJECTIVE_STATUSES) used.add(`objectives.statuses.${s}`);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
  });

  it('no string is left empty or untranslated in Arabic', () => {
    const flat = (t: Tree, p = ''): Array<[string, string]> => Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v, `${p}${k}.`)));
    for (const [k, v] of flat(resources.ar.translation as unknown as Tree)) {
      expect(v.trim(), k).not.toBe('');
      if (!['search.question', 'draft.section'].includes(k) && !/\{\{|GCM/.test(v)) expect(v, k).toMatch(/\p{Script=Arabic}/u);
    }
  });

  it('follows the saved choice, then the system languages, then English', () => {
    expect(pickLanguage('ar', ['fr-FR'])).toBe('ar');
    expect(pickLanguage(null, ['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(pickLanguage(null, ['ar-MA'])).toBe('ar');
    expect(pickLanguage('xx', ['de'])).toBe('en');
    expect(dirOf('ar')).toBe('rtl');
    expect(dirOf('fr')).toBe('ltr');
  });

  it('words Arabic dates in the month names of the system’s Arab country, else the standard ones', () => {
    expect(systemArabRegion(['ar-JO'])).toBe('JO');
    expect(systemArabRegion(['en-US', 'fr-MA'])).toBe('MA');
    expect(systemArabRegion(['ar_DZ.UTF-8'])).toBe('DZ');
    expect(systemArabRegion(['ar-Arab-EG'])).toBe('EG');
    expect(systemArabRegion(['ar', 'en-US', 'fr-FR', 'ar-SS', 'C.UTF-8', ''])).toBeNull();
    try {
      const days = (preferred: string[]) => (setInterfaceRegion(preferred), ['2026-01-05', '2026-12-01'].map((d) => formatDay(d, 'ar')));
      expect(days(['ar-JO'])).toEqual(['5 كانون الثاني 2026', '1 كانون الأول 2026']);
      expect(days(['fr-MA'])).toEqual(['5 يناير 2026', '1 دجنبر 2026']);
      expect(days(['ar-TN'])).toEqual(['5 جانفي 2026', '1 ديسمبر 2026']);
      // no Arab country named: the standard names (every user had Morocco's before)
      expect(days(['en-US'])).toEqual(['5 يناير 2026', '1 ديسمبر 2026']);
      expect(formatDay('2026-12-01', 'fr')).toBe('1er décembre 2026');
      // the documents pass their draft's country, whatever the system's
      setInterfaceRegion(['ar-JO']);
      expect(dateLocale('ar', null)).toBe('ar-u-nu-latn');
      expect(dateLocale('ar', 'MA')).toBe('ar-MA-u-nu-latn');
    } finally {
      setInterfaceRegion([]);
    }
  });
});
