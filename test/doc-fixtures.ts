/** Answer documents with tables, for the table model, the exports and the round trips. */
import type { Doc, Flow, Table, TableCell } from '../shared/doc';

export const p = (text: string, marks?: Array<{ type: 'bold' } | { type: 'italic' } | { type: 'underline' }>): Flow =>
  ({ type: 'paragraph', content: [marks ? { type: 'text', text, marks } : { type: 'text', text }] });
export const cell = (header: boolean, ...content: Flow[]): TableCell => ({ type: header ? 'tableHeader' : 'tableCell', content });
export const row = (header: boolean, ...texts: string[]) => ({ type: 'tableRow' as const, content: texts.map((t) => cell(header, p(t))) });

/** Regularisations per year: a header row, figures, a cell with a list, Arabic. */
export function figuresTable(lang: 'en' | 'fr' | 'ar' = 'en'): Table {
  const head = { en: ['Year', 'Regularisations'], fr: ['Année', 'Régularisations'], ar: ['السنة', 'التسويات'] }[lang];
  return {
    type: 'table',
    content: [
      row(true, ...head),
      row(false, '2014', '18 000'),
      row(false, '2017', '28 400'),
      {
        type: 'tableRow',
        content: [
          cell(false, p(lang === 'ar' ? 'المجموع' : 'Total', [{ type: 'bold' }])),
          cell(false, p(lang === 'fr' ? 'Deux campagnes :' : lang === 'ar' ? 'حملتان:' : 'Two campaigns:'), {
            type: 'bulletList',
            content: [
              { type: 'listItem', content: [p('2014')] },
              { type: 'listItem', content: [p('2017')] },
            ],
          }),
        ],
      },
    ],
  };
}

export function docWithTable(lang: 'en' | 'fr' | 'ar' = 'en'): Doc {
  const intro = { en: 'Figures of the two campaigns:', fr: 'Chiffres des deux campagnes :', ar: 'أرقام الحملتين:' }[lang];
  const after = { en: 'The figures come from the Ministry of Interior.', fr: 'Les chiffres viennent du ministère de l’Intérieur.', ar: 'الأرقام صادرة عن وزارة الداخلية.' }[lang];
  return { type: 'doc', content: [p(intro), figuresTable(lang), p(after)] };
}
