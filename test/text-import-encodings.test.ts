/**
 * Text files as Word and Notepad save them on Windows: French in Windows-1252, Arabic (with a
 * French law name in it) in Windows-1256, both as "Unicode" (UTF-16 LE with a BOM), with CRLF line
 * ends. The fixtures were encoded by Python's codecs, not by our decoder. Each imports to exactly
 * the answers of the UTF-8 original, and the report names the encoding it was read in.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docText } from '../shared/doc';
import { decodeTextBytes } from '../shared/text-bytes';
import { invoke } from '../main/dispatch';
import { cli, fixture, makeServices, tempDir } from './helpers';
import path from 'node:path';

const enc = (name: string) => fixture(`encodings/${name}`);
const utf8 = (lang: string) => fs.readFileSync(enc(`${lang}.txt`), 'utf8');

const FR_ANSWERS = {
  'I.b': 'Le Ministère chargé des Marocains résidant à l’étranger et des Affaires de la migration a coordonné l’examen, avec l’appui de l’Organisation internationale pour les migrations (OIM).',
  'I.c': 'Ministère de l’Intérieur ;\nMinistère de l’Économie et des Finances ;\nHaut-Commissariat au Plan, « cœur » du dispositif statistique.',
  'II.b': 'À l’échelle régionale, l’État a élaboré une Stratégie nationale d’immigration et d’asile (SNIA) ; Œuvres sociales, santé, éducation et formation sont ouvertes aux migrants, y compris à Tanger, Fès et Laâyoune.',
};
const AR_ANSWERS = {
  'I.b': 'تولّت الوزارة المكلفة بالمغاربة المقيمين بالخارج وشؤون الهجرة تنسيق الاستعراض، بدعم من المنظمة الدولية للهجرة (OIM).',
  'I.c': 'وزارة الداخلية؛\nوزارة الاقتصاد والمالية؛\nالمندوبية السامية للتخطيط.',
  'II.b': 'عُدِّل القانون رقم 02-03 (Loi n° 02-03 relative à l’entrée et au séjour des étrangers au Maroc) لتيسير إدماج المهاجرين في «الاستراتيجية الوطنية للهجرة واللجوء».',
};

const CASES = [
  { file: 'fr.windows-1252.txt', lang: 'fr', encoding: 'windows-1252', said: 'Windows-1252 (Western European)', answers: FR_ANSWERS },
  { file: 'fr.utf-16le-bom.txt', lang: 'fr', encoding: 'utf-16le', said: 'UTF-16 (little-endian)', answers: FR_ANSWERS },
  { file: 'ar.windows-1256.txt', lang: 'ar', encoding: 'windows-1256', said: 'Windows-1256 (Arabic)', answers: AR_ANSWERS },
  { file: 'ar.utf-16le-bom.txt', lang: 'ar', encoding: 'utf-16le', said: 'UTF-16 (little-endian)', answers: AR_ANSWERS },
] as const;

describe('text files saved on Windows', () => {
  it.each(CASES)('$file decodes to the UTF-8 original, character for character', ({ file, lang, encoding }) => {
    const r = decodeTextBytes(fs.readFileSync(enc(file)), file);
    expect(r.encoding).toBe(encoding);
    expect(r.text.replace(/\r\n/g, '\n')).toBe(utf8(lang));
  });

  it.each(CASES)('import text $file: the answers arrive exactly and the report says $said', async ({ file, said, encoding, answers }) => {
    const db = path.join(tempDir(), 'store.sqlite');
    const r = await cli(db, 'import', 'text', enc(file));
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n')[0]).toBe(`text encoding read: ${said}`);
    const s = makeServices(db);
    {
      const d = s.drafts.get(r.out.trim());
      const got = Object.fromEntries(Object.entries(d.fields).map(([q, a]) => [q, a.value.kind === 'answer' ? docText(a.value.doc) : null]));
      expect(got).toEqual(answers);
      expect(await invoke(s.handlers, 'listUnplaced', { draftId: d.id })).toEqual([]);
      // the screen's call (through the contract) reports it too
      const again = await invoke(s.handlers, 'importText', { ...decodeTextBytes(fs.readFileSync(enc(file)), file), fileName: file });
      expect(again.report.encoding).toBe(encoding);
    }
  });

  it('a French text saved as Windows-1252 by Word (Café crème, œuvre, l’État) is read as Windows-1252', () => {
    const bytes = Buffer.from([...Buffer.from('Caf\xe9 cr\xe8me \xe0 la coordination nationale, \x9cuvre de l\x92\xc9tat', 'latin1')]);
    expect(decodeTextBytes(bytes, 'x.txt')).toEqual({ text: 'Café crème à la coordination nationale, œuvre de l’État', encoding: 'windows-1252' });
  });

  it('a UTF-8 file with a few Windows-1252 characters pasted in keeps its UTF-8 letters and reads the strays as Windows-1252 (with or without BOM)', async () => {
    const utf8Lines = (t: string) => Buffer.from(t, 'utf8');
    const stray = (b: number) => Buffer.from([b]);
    // "Le ministère a coordonné l’examen, « avec l’OIM » et “les régions”." with ’ “ ” typed in Word (0x92, 0x93, 0x94)
    const body = Buffer.concat([utf8Lines('Le ministère a coordonné l'), stray(0x92), utf8Lines('examen, « avec l'), stray(0x92), utf8Lines('OIM » et '), stray(0x93), utf8Lines('les régions'), stray(0x94), utf8Lines('.')]);
    const want = 'Le ministère a coordonné l’examen, « avec l’OIM » et “les régions”.';
    expect(decodeTextBytes(body, 'mixed.txt')).toEqual({ text: want, encoding: 'utf-8+windows-1252' });
    expect(decodeTextBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]), 'mixed-bom.txt')).toEqual({ text: want, encoding: 'utf-8+windows-1252' });
  });

  it('pasted text has no encoding in its report', async () => {
    const s = makeServices();
    expect((await invoke(s.handlers, 'importText', { text: utf8('fr') })).report.encoding).toBeNull();
  });
});
