/** Reading a hand-written .docx as the import does, and what it gave: each question's answer as plain text, every word it kept. */
import { parseDocxImport, type DocxImported } from '../../main/interchange/docx-import';
import { docText } from '../../shared/doc';
import { docToText } from '../../shared/plaintext';
import { ARAB_REGION_2020 } from '../../shared/template';
import { ooxmlDocx, sectionTitle, table, textPara, questionLine, type Package } from './ooxml-parts';

export const readOoxml = async (p: Package, source = 'docx:foreign'): Promise<DocxImported> => parseDocxImport(await ooxmlDocx(p), ARAB_REGION_2020, source);
/** Each placed question's answer as plain text (lists as "- ", tables as pipe tables). */
export const answers = (r: DocxImported) => Object.fromEntries([...r.answers].map(([q, d]) => [q, docToText(d)]));
/** Every word the import kept: the answers' text, then the tray's. */
export const everything = (r: DocxImported) => [...r.answers.values()].map(docText).join('\n') + '\n' + r.unplaced.map((u) => u.text).join('\n');
/** A section heading and its questionnaire table: [question id, answer cell XML] rows. */
export const section = (id: string, rows: Array<[string, string]>, lang: 'en' | 'fr' | 'ar' = 'en') =>
  textPara(sectionTitle(id, lang)) + table(rows.map(([q, cell]) => [textPara(questionLine(q, lang)), cell]), ['Questions', 'Answers']);
/** Namespaces of alternate content, DrawingML shapes and pictures, and VML, for bodies that use them. */
export const DRAWING_NS =
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" mc:Ignorable="wps"';
