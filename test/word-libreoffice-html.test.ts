/**
 * The questionnaire answered in HTML (as a web form or an email saves it), in French and in Arabic
 * (right to left), and saved as .docx by LibreOffice itself: sections and questions numbered by
 * one outline list ("I." > "a."), each answer inside its question's item (a paragraph with a bold
 * phrase, a bullet list with a sub-list, a table). Every answer lands under its question with
 * its list, its bold and its table; nothing goes to the tray.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocxImport, type DocxImported } from '../main/interchange/docx-import';
import type { Flow } from '../shared/doc';
import { docToText } from '../shared/plaintext';
import { ARAB_REGION_2020, localizeTemplate } from '../shared/template';
import { libreofficeDocxAll } from './word/render-html';

type Lang = 'fr' | 'ar';
const WORDS = {
  fr: { before: 'Le comité s’est réuni ', bold: 'quatre fois', after: ' en 2020', items: ['Ministère de l’Intérieur', 'Ministère du Travail'], sub: 'Direction de l’emploi', table: [['Année', 'Nombre'], ['2019', '1 200']] },
  ar: { before: 'اجتمعت اللجنة ', bold: 'أربع مرات', after: ' في عام 2020', items: ['وزارة الداخلية', 'وزارة الشغل'], sub: 'مديرية التشغيل', table: [['السنة', 'العدد'], ['2019', '1200']] },
};
const ids = ['I.a', 'I.b', 'I.c', 'II.a', 'II.b', 'II.c'];
/** Each answer names its question, so a misplaced one shows. */
const answerHtml = (lang: Lang, id: string) => {
  const w = WORDS[lang];
  return (
    `<p>${w.before}<b>${w.bold}</b>${w.after} (${id}).</p><ul><li>${w.items[0]}</li><li>${w.items[1]}<ul><li>${w.sub}</li></ul></li></ul>` +
    `<table border="1">${w.table.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`
  );
};
function html(lang: Lang): string {
  const t = localizeTemplate(ARAB_REGION_2020, lang);
  const dir = lang === 'ar' ? ' dir="rtl"' : '';
  const sections = t.sections
    .slice(0, 2)
    .map((s) => `<li><p><b>${s.title}</b></p><ol type="a">${s.questions.slice(0, 3).map((q) => `<li><p>${q.text}</p>${answerHtml(lang, q.id)}</li>`).join('')}</ol></li>`)
    .join('');
  return `<!doctype html><html lang="${lang}"${dir}><head><meta charset="utf-8"></head><body${dir}><ol type="I">${sections}</ol></body></html>`;
}
const expectedText = (lang: Lang, id: string) => {
  const w = WORDS[lang];
  return `${w.before}${w.bold}${w.after} (${id}).\n\n- ${w.items[0]}\n- ${w.items[1]}\n  - ${w.sub}\n\n| --- | --- |\n${w.table.map((r) => `| ${r.join(' | ')} |`).join('\n')}`;
};
const bold = (doc: { content: Flow[] } | undefined) =>
  (doc?.content ?? []).flatMap((b) => ('content' in b && Array.isArray(b.content) ? (b.content as Array<{ text?: string; marks?: Array<{ type: string }> }>) : [])).filter((i) => i.marks?.some((m) => m.type === 'bold')).map((i) => i.text);

const read: Partial<Record<Lang, DocxImported>> = {};
beforeAll(async () => {
  const langs = ['fr', 'ar'] as const;
  const docx = libreofficeDocxAll(langs.map((lang) => ({ source: html(lang), name: `lo-html-${lang}` })));
  for (const [i, lang] of langs.entries()) read[lang] = await parseDocxImport(docx[i]!, ARAB_REGION_2020, `docx:lo-html-${lang}`);
}, 300_000);

describe.each(['fr', 'ar'] as const)('an HTML questionnaire saved as .docx by LibreOffice (%s)', (lang) => {
  it('places every answer under its question, with its list, sub-list and table', () => {
    const r = read[lang]!;
    expect(Object.fromEntries([...r.answers].map(([q, d]) => [q, docToText(d)]))).toEqual(Object.fromEntries(ids.map((id) => [id, expectedText(lang, id)])));
    expect(r.unplaced.map((u) => u.text)).toEqual([]);
  });

  it('keeps the bold phrase bold (in Arabic, LibreOffice writes it as complex-script bold only)', () => {
    for (const id of ids) expect(bold(read[lang]!.answers.get(id) as { content: Flow[] }), id).toEqual([WORDS[lang].bold]);
  });
});
