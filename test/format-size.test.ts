import { describe, expect, it } from 'vitest';
import { formatIds, formatSize } from '../renderer/src/format';
import { setInterfaceRegion } from '../shared/i18n/languages';

/** File sizes on the attachments, outbox and import screens and in the "file too large" refusal. */
describe('a file size in the interface language', () => {
  it('writes the number and the unit as English, French and Arabic do', () => {
    const sizes = [512, 50_000, 21 * 1024 * 1024];
    expect(sizes.map((n) => formatSize(n, 'en'))).toEqual(['512 bytes', '48.8 kB', '21.0 MB']);
    // French: decimal comma, octets (the refusal's own sentence says "jusqu’à 20 Mo"), and the
    // no-break space French puts between a number and its unit (so a line never ends on "21,0")
    expect(sizes.map((n) => formatSize(n, 'fr'))).toEqual(['512\u00a0octets', '48,8\u202fko', '21,0\u202fMo']);
    // Arabic (Latin digits): the unit its sentences say ("حتى 20 ميغابايت"); the decimal mark of
    // standard Arabic, or of the Arab country the system names (Morocco's comma)
    expect(sizes.map((n) => formatSize(n, 'ar'))).toEqual(['512 بايت', '48.8 كيلوبايت', '21.0 ميغابايت']);
    try {
      setInterfaceRegion(['fr-MA']);
      expect(sizes.map((n) => formatSize(n, 'ar'))).toEqual(['512 بايت', '48,8 كيلوبايت', '21,0 ميغابايت']);
    } finally {
      setInterfaceRegion([]);
    }
  });
});

/** Question and section ids listed on the outbox, bundle import and text import screens. */
describe('a list of ids in the interface language', () => {
  it('separates them with the comma each language writes, the Arabic comma on Arabic screens', () => {
    const ids = ['I.a', 'II.b', 'V.a'];
    expect(formatIds(ids, 'en')).toBe('I.a, II.b, V.a');
    expect(formatIds(ids, 'fr')).toBe('I.a, II.b, V.a');
    expect(formatIds(ids, 'ar')).toBe('I.a، II.b، V.a');
    expect(formatIds([], 'ar')).toBe('');
  });
});
