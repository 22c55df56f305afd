/** Questionnaire templates as data, validated with zod. */
import { z } from 'zod';

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

export const TemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'template id must be lowercase letters, digits and dashes'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'template version must be like 1.0.0'),
    title: z.string().min(1).max(1000),
    language: z.string().min(2).max(10),
    sections: z.array(SectionSchema).min(1),
    objectives: z.array(z.object({ number: z.number().int().positive(), title: z.string().min(1) }).strict()),
    principles: z.array(z.object({ id: z.string().regex(/^[a-z]$/), title: z.string().min(1) }).strict()),
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

export function hasField(t: Template, field: string): boolean {
  return templateFields(t).includes(field);
}

/** Human-readable list of zod issues: "sections.2.questions.0.id: duplicate question id II.a". */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
