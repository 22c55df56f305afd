/**
 * The Word fixtures: each one a model (questions, answers, language) drawn by one of four tools.
 * `npm run word:fixtures` writes them to test/fixtures/word/ (name.docx beside name.json, the
 * model = the ground truth); the tests and `npm run word:score` read those files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, reworded, type FixtureModel, type ModelOptions } from './model';
import { renderDocxLib, type DocxLibOptions } from './render-docx';
import { libreofficeDocx, renderHtml, type HtmlOptions } from './render-html';
import { renderOoxml, type OoxmlOptions } from './render-ooxml';
import { pandocDocx } from './render-pandoc';

export type FixtureSpec = { model: ModelOptions; about: string } & (
  | { tool: 'docx'; options: DocxLibOptions }
  | { tool: 'libreoffice'; options: HtmlOptions }
  | { tool: 'pandoc'; options: HtmlOptions }
  | { tool: 'ooxml'; options: OoxmlOptions }
);

const all = { tables: true, images: true, notes: true, preamble: true, extraSection: true };

export const FIXTURES: FixtureSpec[] = [
  { tool: 'docx', about: 'English table, typed labels, bilingual header row, typed bullets, open list items before the next question, Word comments', model: { name: 'docx-en-table-typed', lang: 'en', ...all, typedBullets: true, openEnds: true, comments: true }, options: { layout: 'table', labels: 'typed', header: ['Questions / الأسئلة', 'Answers / الإجابات'] } },
  { tool: 'docx', about: 'French table, labels from automatic numbering, two unanswered questions', model: { name: 'docx-fr-table-auto', lang: 'fr', ...all, skip: ['I.h', 'IV.c'] }, options: { layout: 'table', labels: 'auto', header: ['Questions', 'Réponses'] } },
  { tool: 'docx', about: 'Arabic table, Arabic (abjad) automatic labels, sections "أولاً:", open list items', model: { name: 'docx-ar-table-auto', lang: 'ar', ...all, openEnds: true }, options: { layout: 'table', labels: 'auto', header: ['الأسئلة', 'الإجابات'], arabicOrdinals: true } },
  { tool: 'docx', about: 'English headings layout, reworded and shortened questions', model: { name: 'docx-en-headings-reworded', lang: 'en', ...all, reword: reworded('en') }, options: { layout: 'headings', labels: 'typed' } },
  { tool: 'docx', about: 'French headings layout, no labels at all, reworded questions', model: { name: 'docx-fr-headings-nolabels', lang: 'fr', ...all, reword: reworded('fr') }, options: { layout: 'headings', labels: 'none' } },
  { tool: 'docx', about: 'Arabic headings layout, automatic labels, typed bullets, open list items, Word comments', model: { name: 'docx-ar-headings-auto', lang: 'ar', ...all, typedBullets: true, openEnds: true, comments: true }, options: { layout: 'headings', labels: 'auto', arabicOrdinals: true } },
  { tool: 'docx', about: 'French table, "II.a)" labels', model: { name: 'docx-fr-table-sectioned', lang: 'fr', tables: true, notes: true }, options: { layout: 'table', labels: 'sectioned', header: ['Questions / Questions', 'Réponses / Answers'] } },
  { tool: 'libreoffice', about: 'French table saved by LibreOffice, labels as LibreOffice list numbering', model: { name: 'lo-fr-table-auto', lang: 'fr', tables: true, images: true, preamble: true, extraSection: true }, options: { layout: 'table', labels: 'auto', header: ['Questions', 'Réponses'] } },
  { tool: 'libreoffice', about: 'Arabic headings saved by LibreOffice, typed labels, unanswered questions', model: { name: 'lo-ar-headings-typed', lang: 'ar', tables: true, openEnds: true, extraSection: true, skip: ['II.e', 'III.c'] }, options: { layout: 'headings', labels: 'typed' } },
  { tool: 'libreoffice', about: 'English bold question paragraphs with LibreOffice numbering', model: { name: 'lo-en-bold-auto', lang: 'en', tables: true, images: true, openEnds: true }, options: { layout: 'bold', labels: 'auto' } },
  { tool: 'pandoc', about: 'English table written by pandoc from HTML: labels as pandoc numbering, its Compact and Body Text styles, a picture', model: { name: 'pandoc-en-table-auto', lang: 'en', ...all }, options: { layout: 'table', labels: 'auto', header: ['Questions', 'Answers'] } },
  { tool: 'pandoc', about: 'French headings written by pandoc, typed labels, open list items', model: { name: 'pandoc-fr-headings-typed', lang: 'fr', ...all, openEnds: true }, options: { layout: 'headings', labels: 'typed' } },
  { tool: 'pandoc', about: 'Arabic bold question paragraphs written by pandoc right-to-left (dir=rtl: every word its own run), pandoc numbering, two unanswered questions', model: { name: 'pandoc-ar-bold-auto', lang: 'ar', ...all, openEnds: true, skip: ['I.c', 'III.b'] }, options: { layout: 'bold', labels: 'auto' } },
  { tool: 'ooxml', about: 'French hand-written OOXML: labels through a paragraph style and restarted numbering, tracked changes, two questions paraphrased beyond recognition (placed by position), stored zip entries', model: { name: 'ooxml-fr-table-stylenum', lang: 'fr', tables: true, preamble: true, extraSection: true }, options: { header: ['Questions / الأسئلة', 'Réponses / الإجابات'], paraphrase: { 'II.b': 'Intégration aux ODD ?', 'II.c': 'Politiques adoptées ?' } } },
  { tool: 'ooxml', about: 'Arabic hand-written OOXML, arabicAlpha labels, tracked changes, stored zip entries', model: { name: 'ooxml-ar-table', lang: 'ar', tables: true, openEnds: true }, options: { header: ['الأسئلة', 'الإجابات'] } },
];

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'word');

export async function renderFixture(spec: FixtureSpec): Promise<{ model: FixtureModel; bytes: Buffer }> {
  const model = buildModel(spec.model);
  const bytes =
    spec.tool === 'docx'
      ? await renderDocxLib(model, spec.options)
      : spec.tool === 'libreoffice'
        ? libreofficeDocx(renderHtml(model, spec.options), spec.model.name)
        : spec.tool === 'pandoc'
          ? pandocDocx(renderHtml(model, spec.options), spec.model.name, { rtl: model.lang === 'ar' })
          : await renderOoxml(model, spec.options);
  return { model, bytes };
}

export interface StoredFixture {
  name: string;
  tool: string;
  about: string;
  model: FixtureModel;
  bytes: Buffer;
}

/** The committed fixtures (generated by `npm run word:fixtures`). */
export function storedFixtures(): StoredFixture[] {
  return FIXTURES.map((f) => {
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, `${f.model.name}.json`), 'utf8')) as { tool: string; about: string; model: FixtureModel };
    return { name: f.model.name, tool: json.tool, about: json.about, model: json.model, bytes: fs.readFileSync(path.join(FIXTURE_DIR, `${f.model.name}.docx`)) };
  });
}
