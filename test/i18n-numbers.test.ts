/**
 * Numbers put into the interface's sentences (a word count, how many revisions a bundle holds,
 * how many answers are left to index) are written as the language writes them: grouped digits
 * ("12,345", "12 345", "12.345"), through the interface's own i18next instance.
 */
import { describe, expect, it } from 'vitest';
import { i18n, loadLanguage } from '../renderer/src/i18n';
import { formatNumber } from '../renderer/src/format';
import { setInterfaceRegion } from '../shared/i18n/languages';

describe('numbers in translated sentences', () => {
  it('groups the digits of a count as en, fr and ar do, and keeps the plural form', async () => {
    const words = async (lang: 'en' | 'fr' | 'ar', count: number) => {
      await loadLanguage(lang);
      return i18n.getFixedT(lang)('editor.words', { count });
    };
    expect(await words('en', 12345)).toBe('12,345 words');
    expect(await words('fr', 12345)).toBe('12\u202f345 mots');
    expect(await words('ar', 12345)).toBe(`${formatNumber(12345, 'ar')} كلمة`);
    expect(formatNumber(12345, 'ar')).toBe('12,345'); // standard Arabic, Latin digits (no Arab country named by the system)
    setInterfaceRegion(['ar-MA']);
    expect(formatNumber(12345, 'ar')).toBe('12.345'); // Morocco's grouping
    setInterfaceRegion([]);
    // small counts as before, and the plural forms still chosen by the number
    expect(await words('en', 1)).toBe('1 word');
    expect(await words('ar', 2)).toBe('كلمتان');
    expect(await words('ar', 5)).toBe('5 كلمات');
    // text is put in as it is
    await loadLanguage('en');
    expect(i18n.getFixedT('en')('exchange.trust.added', { name: 'Amina 2020' })).toContain('Amina 2020');
  });
});
