/** Questionnaire templates as data, validated with zod. */
import { z } from 'zod';
import { isMissing } from '../messages';

const Id = z.string().regex(/^[A-Z]{1,6}\.[a-z0-9]{1,6}$/, 'question id must look like "II.c"');

export const QuestionSchema = z
  .object({
    id: Id,
    label: z.string().min(1).max(20),
    text: z.string().min(1).max(5000),
    extension: z.enum(['objectives', 'principles']).optional(),
  })
  .strict();

export const SectionSchema = z
  .object({
    id: z.string().regex(/^[A-Z]{1,6}$/, 'section id must be a roman numeral like "III"'),
    title: z.string().min(1).max(1000),
    provisionalTitle: z.boolean().optional(),
    questions: z.array(QuestionSchema).min(1),
  })
  .strict();

/** The languages a template can carry texts in. English is the reference text of the built-in template. */
export const TEMPLATE_LANGUAGES = ['en', 'fr', 'ar'] as const;
export const TemplateLanguage = z.enum(TEMPLATE_LANGUAGES);
export type TemplateLanguage = z.infer<typeof TemplateLanguage>;

/**
 * The template's texts in one more language, beside the source texts (`template.language`).
 * `status: 'working'` marks a translation made by the project, not an official wording; a ministry
 * can load official wording with `template import` (a template version of its own).
 * Every key must name something the template defines; a missing key falls back to the source text.
 */
export const TemplateTranslationSchema = z
  .object({
    status: z.enum(['working', 'official']),
    title: z.string().min(1).max(1000).optional(),
    sections: z.record(z.string(), z.string().min(1).max(1000)).default({}),
    questions: z.record(z.string(), z.string().min(1).max(5000)).default({}),
    objectives: z.record(z.string().regex(/^\d+$/, 'objective keys are numbers'), z.string().min(1).max(1000)).default({}),
    principles: z.record(z.string().regex(/^[a-z]$/, 'principle keys are letters'), z.string().min(1).max(1000)).default({}),
  })
  .strict();
export type TemplateTranslation = z.infer<typeof TemplateTranslationSchema>;

export const TemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'template id must be lowercase letters, digits and dashes'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'template version must be like 1.0.0'),
    title: z.string().min(1).max(1000),
    language: z.string().min(2).max(10),
    sections: z.array(SectionSchema).min(1),
    objectives: z.array(z.object({ number: z.number().int().positive(), title: z.string().min(1) }).strict()),
    principles: z.array(z.object({ id: z.string().regex(/^[a-z]$/), title: z.string().min(1) }).strict()),
    /** Texts in other languages, keyed by language code (see TemplateTranslationSchema). */
    translations: z.partialRecord(TemplateLanguage, TemplateTranslationSchema).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.sections.forEach((s, si) => {
      s.questions.forEach((q, qi) => {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'id'], message: `duplicate question id ${q.id}` });
        seen.add(q.id);
        if (!q.id.startsWith(s.id + '.'))
          ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'id'], message: `question ${q.id} is not in section ${s.id}` });
      });
    });
    const nums = t.objectives.map((o) => o.number);
    if (new Set(nums).size !== nums.length) ctx.addIssue({ code: 'custom', path: ['objectives'], message: 'duplicate objective number' });
    const pids = t.principles.map((p) => p.id);
    if (new Set(pids).size !== pids.length) ctx.addIssue({ code: 'custom', path: ['principles'], message: 'duplicate principle id' });
    const known = {
      sections: new Set(t.sections.map((s) => s.id)),
      questions: seen,
      objectives: new Set(nums.map(String)),
      principles: new Set(pids),
    };
    for (const [lang, tr] of Object.entries(t.translations ?? {})) {
      if (!tr) continue;
      for (const part of ['sections', 'questions', 'objectives', 'principles'] as const)
        for (const key of Object.keys(tr[part]))
          if (!known[part].has(key))
            ctx.addIssue({ code: 'custom', path: ['translations', lang, part, key], message: `translation names unknown ${part.slice(0, -1)} ${key}` });
    }
  });

export type Template = z.infer<typeof TemplateSchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Question = z.infer<typeof QuestionSchema>;

export const OBJECTIVE_STATUSES = ['not_started', 'planned', 'in_progress', 'achieved', 'not_applicable'] as const;
export const ObjectiveStatus = z.enum(OBJECTIVE_STATUSES);
export type ObjectiveStatus = z.infer<typeof ObjectiveStatus>;

/**
 * Field ids: every answerable thing in a draft. A question's narrative answer is its id
 * ("III.a"); an objective's status "III.a/objective/5"; a principle's note "III.b/principle/a".
 */
export const objectiveField = (qid: string, n: number) => `${qid}/objective/${n}`;
export const principleField = (qid: string, p: string) => `${qid}/principle/${p}`;
export const FieldId = z.string().regex(/^[A-Z]{1,6}\.[a-z0-9]{1,6}(\/(objective\/\d{1,3}|principle\/[a-z]))?$/, 'not a field id');

export type FieldKind = 'answer' | 'objective' | 'principle';
export function fieldKind(field: string): FieldKind {
  return field.includes('/objective/') ? 'objective' : field.includes('/principle/') ? 'principle' : 'answer';
}
export function fieldQuestion(field: string): string {
  return field.split('/')[0]!;
}

/**
 * The template with its texts in `lang` where a translation has them, the source text elsewhere.
 * Ids, labels and structure are unchanged, so anything that renders a template renders it in any language.
 */
export function localizeTemplate(t: Template, lang: string): Template {
  if (lang === t.language) return t;
  const tr = t.translations?.[lang as TemplateLanguage];
  if (!tr) return t;
  return {
    ...t,
    title: tr.title ?? t.title,
    sections: t.sections.map((s) => ({
      ...s,
      title: tr.sections[s.id] ?? s.title,
      questions: s.questions.map((q) => ({ ...q, text: tr.questions[q.id] ?? q.text })),
    })),
    objectives: t.objectives.map((o) => ({ ...o, title: tr.objectives[String(o.number)] ?? o.title })),
    principles: t.principles.map((p) => ({ ...p, title: tr.principles[p.id] ?? p.title })),
  };
}

/** The languages a template has texts in: its source language first, then its translations. */
export function templateLanguages(t: Template): string[] {
  return [t.language, ...Object.keys(t.translations ?? {}).filter((l) => l !== t.language)];
}

/** Is the text of `lang` a working translation (not the source, not official)? */
export function isWorkingTranslation(t: Template, lang: string): boolean {
  return lang !== t.language && t.translations?.[lang as TemplateLanguage]?.status === 'working';
}

export function questions(t: Template): Question[] {
  return t.sections.flatMap((s) => s.questions);
}

/** All field ids a template defines, in document order. */
export function templateFields(t: Template): string[] {
  const out: string[] = [];
  for (const q of questions(t)) {
    out.push(q.id);
    if (q.extension === 'objectives') for (const o of t.objectives) out.push(objectiveField(q.id, o.number));
    if (q.extension === 'principles') for (const p of t.principles) out.push(principleField(q.id, p.id));
  }
  return out;
}

/** Each template's field ids, made once (a save checks its field against them). */
const fieldSets = new WeakMap<Template, Set<string>>();

export function hasField(t: Template, field: string): boolean {
  let fields = fieldSets.get(t);
  if (!fields) fieldSets.set(t, (fields = new Set(templateFields(t))));
  return fields.has(field);
}

/** Human-readable list of zod issues: "sections.2.questions.0.id: duplicate question id II.a". */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    // a value not given at all is said so ("title: required"), not as zod's "expected string, received undefined"
    .map((i) => ({ path: i.path, message: isMissing(i) ? 'required' : i.message }))
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
