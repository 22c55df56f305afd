import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docText, type Doc, type List, type ListItem } from '../shared/doc';
import { docToText } from '../shared/plaintext';
import { ARAB_REGION_2020, localizeTemplate, questions } from '../shared/template';
import { parseTextImport } from '../main/interchange/import-text';
import type { Assembled } from '../main/interchange/assemble';
import { cli, fixture, makeServices, tempDir } from './helpers';
import { lostFragments } from './word/seed-loss';

const seed = fs.readFileSync(fixture('seed-morocco.txt'), 'utf8');
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

let r: Assembled;
beforeAll(() => {
  r = parseTextImport(seed, ARAB_REGION_2020, 'text:seed-morocco.txt');
});
const text = (q: string) => norm(docText(r.answers.get(q) ?? { type: 'doc', content: [] }));
const blocks = (q: string) => r.answers.get(q)!.content;
const firstList = (q: string) => blocks(q).find((b) => b.type !== 'paragraph') as List;
const itemText = (li: ListItem) => norm(docText({ type: 'doc', content: [li.content[0]!] }));
const itemTexts = (l: List) => l.content.map(itemText);

describe('text import of an Arabic answer numbered with Arabic-Indic digits', () => {
  it('reads "٣." and "۵)" items as a numbered list starting from the number written', () => {
    const q = localizeTemplate(ARAB_REGION_2020, 'ar').sections[0]!.questions[2]!;
    const input = `ج) ${q.text}\n\nشاركت الجهات التالية:\n٣. وزارة الداخلية\n٤. وزارة الشؤون الخارجية\n۵) المندوبية السامية للتخطيط\n`;
    const a = parseTextImport(input, ARAB_REGION_2020, 'text:ar.txt');
    const list = a.answers.get(q.id)!.content.find((b) => b.type !== 'paragraph') as List;
    expect(list.type).toBe('orderedList');
    expect(list.attrs?.start).toBe(3);
    expect(itemTexts(list)).toEqual(['وزارة الداخلية', 'وزارة الشؤون الخارجية', 'المندوبية السامية للتخطيط']);
  });
});

describe('text import of answers written as "Answer a." under their question', () => {
  it.each([
    ['en', 'Answer a.', 'Answer b.'],
    ['fr', 'Réponse a.', 'Réponse b.'],
    ['ar', 'الإجابة أ.', 'الإجابة ب.'],
  ] as const)('keeps "%s"-style answers as the answers’ text, never as the question read again', (lang, a, b) => {
    const t = localizeTemplate(ARAB_REGION_2020, lang);
    const [qa, qb] = t.sections[0]!.questions;
    const input = `I. ${t.sections[0]!.title}\n${qa!.label} ${qa!.text}\n${a}\n${qb!.label} ${qb!.text}\n\n${b}\n`;
    const r = parseTextImport(input, ARAB_REGION_2020, `text:${lang}.txt`);
    expect(Object.fromEntries([...r.answers].map(([q, d]) => [q, norm(docText(d))]))).toEqual({ 'I.a': a, 'I.b': b });
    expect(r.unplaced).toEqual([]);
  });
});

describe('text import of a document with a table of contents (Word saved as text)', () => {
  const body = (lang: 'en' | 'fr' | 'ar') => {
    const t = localizeTemplate(ARAB_REGION_2020, lang);
    const [qa, qb] = t.sections[0]!.questions;
    return { heading: `I. ${t.sections[0]!.title}`, qa: `${qa!.label} ${qa!.text}`, qb: `${qb!.label} ${qb!.text}` };
  };
  const answersOf = (r: Assembled) => Object.fromEntries([...r.answers].map(([q, d]) => [q, norm(docText(d))]));

  it.each([
    ['en', 'Contents', '\t'],
    ['fr', 'Table des matières', ' ........ '],
    ['ar', 'المحتويات', '\t'],
  ] as const)('(%s) skips the entries and their title "%s": no page number in an answer, nothing in the tray', (lang, title, leader) => {
    const b = body(lang);
    const toc = `${title}\n${b.heading}${leader}2\n${b.qa}${leader}2\n\n${b.qb}${leader}3\n\n`;
    const r = parseTextImport(`${toc}${b.heading}\n${b.qa}\nA national commission.\n${b.qb}\nThe Ministry.\n`, ARAB_REGION_2020, `text:${lang}.txt`);
    expect(answersOf(r)).toEqual({ 'I.a': 'A national commission.', 'I.b': 'The Ministry.' });
    expect(r.unplaced).toEqual([]);
  });

  it('keeps answers that are small numbers in a table pulled out as text (no title, no section entry: not a table of contents)', () => {
    const b = body('en');
    const r = parseTextImport(`${b.heading}\n${b.qa}\t3\n${b.qb}\t12\n`, ARAB_REGION_2020, 'text:numbers.txt');
    expect(answersOf(r)).toEqual({ 'I.a': '3', 'I.b': '12' });
  });
});

describe('text import of the Morocco seed (a Word/PDF table pulled out as text)', () => {
  it('fills every answered question of sections I-IV and leaves I.a (no answer in the seed) empty', () => {
    const filled = [...r.answers.keys()];
    for (const q of questions(ARAB_REGION_2020).filter((x) => !x.id.startsWith('V.') && x.id !== 'I.a')) expect(filled, q.id).toContain(q.id);
    expect(filled).not.toContain('I.a');
  });

  it('places section I answers under their questions, lists as lists', () => {
    expect(text('I.b')).toContain('Department of Global Affairs');
    expect(blocks('I.b')[0]!.type).toBe('paragraph');
    const c = firstList('I.c');
    expect(c.type).toBe('bulletList');
    expect(itemTexts(c)).toEqual(expect.arrayContaining(['The Ministry of the Interior;', 'The Higher Planning Commission;']));
    expect(itemTexts(c)).toHaveLength(5);
    // I.d: an item broken over a page ("... national plan for" / "the implementation of ...") is one item
    expect(itemTexts(firstList('I.d'))[0]).toMatch(/draft national plan for the implementation of its objectives, through practical workshops/);
    expect(itemTexts(firstList('I.d'))).toHaveLength(3);
    // I.f: "... international organizations," / "UN agencies, ..." joined; the figures are there
    expect(text('I.f')).toContain('133,274');
    expect(text('I.f')).toContain('international organizations, UN agencies, as well as migration-related reports');
    expect(itemTexts(firstList('I.f'))).toHaveLength(5);
  });

  it('keeps nested lists in I.g, three levels deep, and the spilled topics under their item', () => {
    const g = firstList('I.g');
    const framework = g.content[3]!;
    expect(itemText(framework)).toMatch(/priority has been given to the following objectives:$/);
    const nested = framework.content[1] as List;
    expect(nested.type).toBe('bulletList');
    expect(nested.content).toHaveLength(2);
    const opening = nested.content[1]!;
    expect(itemText(opening)).toBe(
      'Opening up the National Migration Observatory to civil society organization and the academic world with particular interest in migration issues and the creation of specialized working groups for the conduct of academic research on the following topics:',
    );
    const topics = opening.content[1] as List;
    expect(topics.type).toBe('orderedList');
    expect(topics.content).toHaveLength(6);
    expect(itemText(topics.content[5]!)).toBe('Migration and communication;');
  });

  it('splits a row shared by two questions by what each paragraph is about', () => {
    // I.h's row began with the spill of I.g; UN support is I.h's answer
    expect(text('I.h')).toMatch(/^Morocco works closely with international organizations and UN entities/);
    expect(text('I.h')).toContain('(ESCWA)');
    expect(text('I.g')).not.toContain('Morocco works closely');
    // II.a's answer started above its question (after the heading) and continued beside it
    expect(text('II.a')).toMatch(/^The Moroccan government has adopted a participatory and comprehensive approach to developing migration policies\. This approach is carried out in consultation/);
    expect(text('II.a')).toContain('Agadir Appeal');
    // II.b's first sentence is cut across two rows
    expect(text('II.b')).toMatch(/^The Moroccan government is monitoring the implementation of all the migration-related sustainable development goals\./);
    expect(text('II.a')).not.toContain('sustainable development goals');
    expect(text('III.a')).toContain('via the progress made in implementing the programs');
    expect(text('III.b')).toMatch(/^The vision of the Global Compact has been incorporated into the migration governance framework/);
    expect(text('III.b')).toContain('and the richness and diversity of the Moroccan communities');
  });

  it('places sections II-IV answers', () => {
    expect(text('II.c')).toContain('National Strategy of Immigration and Asylum');
    expect(itemTexts(firstList('II.c')).some((t) => t.startsWith('Migration has also been an issue of interest'))).toBe(true); // "•" bullets inside the cell
    expect(text('II.c')).toContain('continued to provide services on the ground');
    expect(text('II.d')).toContain('Female Migrant Workers Living in Morocco) and preventive measures');
    expect(text('II.e')).toContain('a strategic program to integrate migrants'); // page number "1" between them dropped
    expect(text('II.f')).toContain('adapted with the objectives of the Global Compact to ensure monitoring');
    expect(text('II.g')).toContain('30th African Union Summit');
    expect(text('II.g')).toContain('Joint Declaration on 27 June 2019');
    expect(text('III.c')).toMatch(/^Morocco's successes have resulted/);
    expect(itemTexts(firstList('III.c')).length).toBeGreaterThanOrEqual(4);
    const d = itemTexts(firstList('III.d'));
    expect(d).toContain('The adoption of an institutional partnership with the private sector and other economic and social players.');
    expect(d.some((t) => t.startsWith('✓'))).toBe(false); // check marks are bullet glyphs
    expect(d.find((t) => t.startsWith('The regularization'))).toMatch(/more than 50,000 applications\.$/);
    expect(text('IV.a')).toMatch(/^Two main resources have been selected/);
    expect(text('IV.b')).toContain('general state budget');
    expect(text('IV.c')).toBe('Additional resources are required to:');
    expect(text('V.b')).toContain('Operationalization of the African Migration Observatory.');
  });

  it('sends text it cannot place to the tray and loses no sentence of the seed', () => {
    expect(r.unplaced.map((u) => u.text)).toEqual(['Output Description:']);
    const { fragments, lost, missingWords } = lostFragments(seed, r, ARAB_REGION_2020);
    expect(fragments.length).toBeGreaterThan(120);
    expect(lost).toEqual([]);
    expect(missingWords).toEqual([]);
  });
});

describe('text import of pasted text', () => {
  it('reads "a) question" lines, renumbered letters, wrapped questions, bullets by indentation', () => {
    const pasted = [
      'II Questions relating to public policy and the enabling environment',
      '',
      'a) Has the government cooperated with the different stakeholders in the implementation',
      'of the Global Compact (i.e. in the development of migration policies, or the design of projects related to migration and its implementation, or the promotion of multi-stakeholder dialogue)? If so, please indicate the stakeholders that have been involved (such as employment agencies, migrant organizations).',
      'Yes, with the',
      'employment agency.',
      '',
      '- first point',
      '  - nested point',
      '    1. deeper',
      '- second point',
      '',
      // lettered "d)" but it is II.b's text: the text wins
      'd) Has the government integrated the implementation of the Global Compact into the process of achieving sustainable development goals among other relevant processes? If so, how? Through the national plan.',
    ].join('\n');
    const p = parseTextImport(pasted, ARAB_REGION_2020, 'text:pasted');
    expect(docToText(p.answers.get('II.a')!)).toBe('Yes, with the employment agency.\n\n- first point\n  - nested point\n    1. deeper\n- second point');
    expect(docToText(p.answers.get('II.b')!)).toBe('Through the national plan.');
    expect(p.answers.has('II.d')).toBe(false);
    expect(p.unplaced).toEqual([]);
  });

  it('puts text before the first question, after a final heading, or under an unknown question in the tray', () => {
    const pasted = 'Cover note from the ministry.\n\nb) If there was a specific mechanism in place, who was responsible for the review?\nThe ministry.\n\nq) What is the colour of the sky?\tBlue, mostly.\n';
    const p = parseTextImport(pasted, ARAB_REGION_2020, 'text:pasted');
    expect(docText(p.answers.get('I.b')!)).toBe('The ministry.');
    expect(p.unplaced.map((u) => [u.text, u.reason])).toEqual([
      ['Cover note from the ministry.', 'text before the first recognised question'],
      ['Blue, mostly.', 'answer to a question not in the template: "q) What is the colour of the sky?"'],
    ]);
  });
});

describe('import text through the CLI and the service', () => {
  it('prints the new draft id on stdout, the report on stderr, and stores answers and the tray', async () => {
    const db = path.join(tempDir(), 's.sqlite');
    const r1 = await cli(db, 'import', 'text', fixture('seed-morocco.txt'), '--title', 'Morocco 2020');
    expect(r1.code).toBe(0);
    expect(r1.out).toMatch(/^[0-9a-f-]{36}$/);
    expect(r1.err).toContain('22 of 23 questions filled');
    expect(r1.err).toContain('unplaced: 1 item(s)');
    const s = makeServices(db);
    const d = s.drafts.get(r1.out);
    expect(d.title).toBe('Morocco 2020');
    expect(d.answered).toBe(22);
    const hist = s.fields.history(d.id, 'I.c');
    expect(hist[0]!.note).toBe('imported from text:seed-morocco.txt');
    expect((await s.loaded()).interchange.listUnplaced(d.id).map((u) => u.text)).toEqual(['Output Description:']);
  });

  it('refuses an unreadable file with one line and creates nothing', async () => {
    const db = path.join(tempDir(), 's.sqlite');
    const r1 = await cli(db, 'import', 'text', path.join(tempDir(), 'missing.txt'));
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(/^error: cannot read .*missing\.txt: no such file \(ENOENT\)$/);
    const r2 = await cli(db, 'draft', 'list');
    expect(r2.out).toBe('');
  });
});
