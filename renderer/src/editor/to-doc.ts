/**
 * Editor JSON -> the validated answer document. Never trusts the editor: the result is parsed
 * with DocSchema (which drops editor-only attributes); anything the model cannot hold is an error,
 * so what is stored is always a valid document, never HTML.
 */
import { DocSchema, type Doc } from '../../../shared/doc';
import { describeZodError } from '../../../shared/template/schema';

export type ToDoc = { ok: true; doc: Doc } | { ok: false; reason: string };

export function toDoc(json: unknown): ToDoc {
  const r = DocSchema.safeParse(json);
  return r.success ? { ok: true, doc: r.data } : { ok: false, reason: describeZodError(r.error) };
}
