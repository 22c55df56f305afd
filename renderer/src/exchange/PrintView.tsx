/**
 * The print view: the draft in the layout of the Word export (title block; per section a
 * "Questions" | "Answers" table; III.a's objective statuses; III.b's principles), rendered by
 * React from getDraft (no HTML strings injected), with a print stylesheet and a Print button.
 * It is written in the draft's document language (its furniture from shared/i18n/document.*.json,
 * the questionnaire's texts in that language, right-to-left for Arabic); the bar above it follows
 * the interface language. Answers take their own direction and their lists follow it.
 * A question's picture attachments are drawn as the Word export draws them (print-pictures.ts):
 * in place of their "[Picture n: alt]" placeholder, the others after the answer as figures with a
 * caption in the document's language.
 */
import { useTranslation } from 'react-i18next';
import type { FieldState } from '../../../shared/contract/drafts';
import { dateInWords, documentDir, documentText, type DocumentText } from '../../../shared/document-text';
import { objectiveField, principleField, type Question, type Template } from '../../../shared/template/schema';
import { getApi } from '../api';
import { DocView, TextLanguage, type InlineParts } from '../editor/DocView';
import { latinOf } from '../../../shared/text-scripts';
import { docDirection, strongDirection, type Doc } from '../../../shared/doc';
import { pictureAlt, stem, type CheckedPicture } from '../../../shared/picture-files';
import { answerPictures, loadQuestionPictures, usePictureUrls, type AnswerPictures } from './print-pictures';
import { templateText } from '../language/template-text';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { useLoad } from './useLoad';

export function PrintView({ draftId }: { draftId: string }) {
  const { t } = useTranslation();
  const api = getApi();
  const { data, error } = useLoad(async () => {
    const draft = await api.getDraft({ draftId });
    const [template, pictures] = await Promise.all([api.getTemplate({ id: draft.templateId, version: draft.templateVersion }), loadQuestionPictures(api, draftId)]);
    return { draft, template, pictures };
  }, [api, draftId]);
  const urls = usePictureUrls(data?.pictures);
  if (error) return <ErrorText error={error} />;
  if (!data || !urls) return <p aria-busy="true">{t('app.loading')}</p>;
  const { draft } = data;
  const lang = draft.language;
  const x = documentText(lang);
  const template = templateText(data.template, lang).local;
  const answerOf = (id: string): Doc | null => {
    const v = draft.fields[id]?.value;
    return v?.kind === 'answer' && v.doc.content.length ? v.doc : null;
  };
  const pictures = answerPictures(
    template.sections.flatMap((s) => s.questions.map((q) => ({ id: q.id, answer: answerOf(q.id) }))),
    data.pictures,
    x,
  );
  const docs = Object.values(draft.fields).map((f): Doc | null => (f.value.kind === 'answer' ? f.value.doc : 'note' in f.value ? f.value.note : null));
  const around = { lang, latin: latinOf(lang, docs) };
  return (
    <div className="x-print">
      <div className="x-print-bar no-print">
        <a href={href.draft(draftId)}>{t('exchange.print.back')}</a>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('exchange.print.print')}
        </button>
      </div>
      <TextLanguage.Provider value={around}>
        <article className="x-print-doc" lang={lang} dir={documentDir(lang)}>
          <header className="x-print-title">
            <h1>
              <bdi>{draft.title}</bdi>
            </h1>
            <p>{template.title}</p>
            <p>
              <strong>{x.country}:</strong> <bdi>{draft.country || '—'}</bdi>
            </p>
            {draft.authority && (
              <p>
                <strong>{x.authority}:</strong> <bdi>{draft.authority}</bdi>
              </p>
            )}
            <p>
              <strong>{x.date}:</strong> {dateInWords(new Date(), lang, draft.country)}
            </p>
          </header>
          {template.sections.map((s) => (
            <section key={s.id} className="x-print-section">
              <h2>
                <bdi dir="ltr">{s.id}.</bdi> {s.title}
              </h2>
              <table className="x-print-table">
                <thead>
                  <tr>
                    <th scope="col">{x.questions}</th>
                    <th scope="col">{x.answers}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.questions.map((q) => (
                    <tr key={q.id}>
                      <th scope="row">
                        <bdi className="x-print-qid" dir="ltr">
                          {q.label}
                        </bdi>{' '}
                        {q.text}
                      </th>
                      <td>
                        <Answer answer={answerOf(q.id)} pictures={pictures.get(q.id)} urls={urls} dir={documentDir(lang)} x={x} />
                        <Extension q={q} template={template} fields={draft.fields} x={x} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </article>
      </TextLanguage.Provider>
    </div>
  );
}

/** A picture drawn from its blob: URL at its natural size (the stylesheet fits it to the cell), or null when it cannot be shown. */
function Picture({ picture, alt, urls }: { picture: CheckedPicture; alt: string; urls: Map<CheckedPicture, string> }) {
  const src = urls.get(picture);
  if (!src || !picture.image) return null;
  return <img className="x-print-picture" src={src} alt={alt} width={picture.image.width} height={picture.image.height} />;
}

/**
 * A question's answer, its pictures in place of their placeholders, then the pictures no
 * placeholder named as figures with captions (in the answer's direction, as the export puts
 * them). With pictures and no answer, only the figures (as the export).
 */
function Answer({ answer, pictures, urls, dir, x }: { answer: Doc | null; pictures?: AnswerPictures; urls: Map<CheckedPicture, string>; dir: 'rtl' | 'ltr'; x: DocumentText }) {
  if (!pictures) return answer ? <DocView doc={answer} /> : <p className="x-unanswered">{x.notAnswered}</p>;
  const parts: InlineParts = (n) =>
    pictures.inText.get(n)?.map((piece, i) => (piece.picture && urls.has(piece.picture) ? <Picture key={i} picture={piece.picture} alt={pictureAlt(piece)} urls={urls} /> : piece.text));
  const cellDir = answer ? docDirection(answer, dir) : dir;
  return (
    <>
      {answer && <DocView doc={answer} parts={parts} />}
      {pictures.after.length > 0 && (
        <div className="x-print-figures" dir={cellDir !== dir ? cellDir : undefined}>
          {pictures.after.map(({ picture, caption }, i) => {
            const own = strongDirection(caption) ?? cellDir;
            return (
              <figure key={i}>
                <Picture picture={picture} alt={stem(picture.file.name)} urls={urls} />
                <figcaption dir={own !== cellDir ? own : undefined}>{caption}</figcaption>
              </figure>
            );
          })}
        </div>
      )}
    </>
  );
}

function Extension({ q, template, fields, x }: { q: Question; template: Template; fields: Record<string, FieldState>; x: DocumentText }) {
  if (q.extension === 'objectives')
    return (
      <table className="x-print-sub">
        <thead>
          <tr>
            <th scope="col">{x.objective}</th>
            <th scope="col">{x.status}</th>
            <th scope="col">{x.notes}</th>
          </tr>
        </thead>
        <tbody>
          {template.objectives.map((o) => {
            const v = fields[objectiveField(q.id, o.number)]?.value;
            return (
              <tr key={o.number}>
                <td>
                  <bdi>{o.number}.</bdi> {o.title}
                </td>
                <td>{v?.kind === 'objective' ? x.statuses[v.status] : '—'}</td>
                <td>{v?.kind === 'objective' && <DocView doc={v.note} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  if (q.extension === 'principles')
    return (
      <table className="x-print-sub">
        <thead>
          <tr>
            <th scope="col">{x.principle}</th>
            <th scope="col">{x.stepsTaken}</th>
          </tr>
        </thead>
        <tbody>
          {template.principles.map((p) => {
            const v = fields[principleField(q.id, p.id)]?.value;
            return (
              <tr key={p.id}>
                <td>
                  <bdi dir="ltr">{p.id})</bdi> {p.title}
                </td>
                <td>{v?.kind === 'principle' && <DocView doc={v.note} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  return null;
}
