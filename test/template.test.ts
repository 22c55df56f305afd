import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARAB_REGION_2020, TemplateSchema, isWorkingTranslation, localizeTemplate, questions, templateFields, templateLanguages } from '../shared/template';
import { parseTemplateJson } from '../main/services/templates';
import { fixture } from './helpers';

const reference = fs.readFileSync(fixture('questionnaire.md'), 'utf8');

describe('template arab-region-2020', () => {
  it('holds every question of the reference verbatim, with its id', () => {
    const refQs = [...reference.matchAll(/^- ([IV]+\.[a-z]) — (.*)$/gm)].map((m) => ({ id: m[1], text: m[2] }));
    expect(refQs.length).toBe(23);
    expect(questions(ARAB_REGION_2020).map((q) => ({ id: q.id, text: q.text }))).toEqual(refQs);
  });

  it('holds the 23 objectives and 10 guiding principles verbatim', () => {
    const objs = [...reference.matchAll(/^(\d+)\. (.*)$/gm)].map((m) => ({ number: Number(m[1]), title: m[2] }));
    expect(objs).toHaveLength(23);
    expect(ARAB_REGION_2020.objectives).toEqual(objs);
    const ps = [...reference.matchAll(/^([a-j])\. (.*)$/gm)].map((m) => ({ id: m[1], title: m[2] }));
    expect(ps).toHaveLength(10);
    expect(ARAB_REGION_2020.principles).toEqual(ps);
  });

  it('has every section title of the reference, section V marked provisional', () => {
    const titles = [...reference.matchAll(/^## (I|II|III|IV)\. (.*)$/gm)].map((m) => [m[1], m[2]]);
    for (const [id, title] of titles) expect(ARAB_REGION_2020.sections.find((s) => s.id === id)?.title).toBe(title);
    const v = ARAB_REGION_2020.sections.find((s) => s.id === 'V')!;
    expect(v.title).toBe('Next steps');
    expect(v.provisionalTitle).toBe(true);
    expect(ARAB_REGION_2020.sections.filter((s) => s.provisionalTitle).map((s) => s.id)).toEqual(['V']);
  });

  it('III.a carries objective statuses and III.b principle notes as fields', () => {
    const f = templateFields(ARAB_REGION_2020);
    expect(f).toContain('III.a/objective/1');
    expect(f).toContain('III.a/objective/23');
    expect(f).toContain('III.b/principle/j');
    expect(f.length).toBe(23 + 23 + 10);
  });

  it('rejects a bad template file with an error naming the problem', () => {
    expect(() => parseTemplateJson('{not json')).toThrow(/not valid JSON/);
    const dup = structuredClone(ARAB_REGION_2020);
    dup.sections[0]!.questions[1]!.id = 'I.a';
    expect(() => parseTemplateJson(JSON.stringify(dup))).toThrow(/duplicate question id I\.a/);
    const misplaced = structuredClone(ARAB_REGION_2020);
    misplaced.sections[1]!.questions.push({ id: 'I.z', label: 'z)', text: 'x' });
    expect(() => parseTemplateJson(JSON.stringify(misplaced))).toThrow(/I\.z is not in section II/);
    expect(() => parseTemplateJson(JSON.stringify({ ...ARAB_REGION_2020, version: 'v2' }))).toThrow(/version: template version must be like 1\.0\.0/);
    expect(TemplateSchema.safeParse(ARAB_REGION_2020).success).toBe(true);
  });
});

describe('template translations', () => {
  const withFr = () => {
    const t = structuredClone(ARAB_REGION_2020);
    t.translations = {
      ...t.translations,
      fr: { status: 'working', title: 'Examen', sections: { I: 'Méthodologie' }, questions: { 'I.a': 'Un mécanisme a-t-il été établi ?' }, objectives: { '1': 'Collecter des données' }, principles: { a: 'Axé sur la personne' } },
    };
    return t;
  };

  it('localizes texts where a translation has them and keeps the source elsewhere', () => {
    const fr = localizeTemplate(TemplateSchema.parse(withFr()), 'fr');
    expect(fr.title).toBe('Examen');
    expect(fr.sections[0]!.title).toBe('Méthodologie');
    expect(fr.sections[0]!.questions[0]!.text).toBe('Un mécanisme a-t-il été établi ?');
    expect(fr.sections[0]!.questions[1]!.text).toBe(ARAB_REGION_2020.sections[0]!.questions[1]!.text);
    expect(fr.objectives[0]!.title).toBe('Collecter des données');
    expect(fr.principles[0]!.title).toBe('Axé sur la personne');
    expect(templateFields(fr)).toEqual(templateFields(ARAB_REGION_2020));
    expect(isWorkingTranslation(fr, 'fr')).toBe(true);
    expect(localizeTemplate(ARAB_REGION_2020, 'en')).toBe(ARAB_REGION_2020);
  });

  it('refuses a translation that names something the template does not define', () => {
    const bad = withFr();
    bad.translations!.fr!.questions['II.z'] = 'x';
    expect(() => parseTemplateJson(JSON.stringify(bad))).toThrow(/translations\.fr\.questions\.II\.z: translation names unknown question II\.z/);
    const badLang = { ...withFr(), translations: { de: { status: 'working' } } };
    expect(() => parseTemplateJson(JSON.stringify(badLang))).toThrow(/translations/);
  });
});

describe('arab-region-2020 working translations', () => {
  const t = ARAB_REGION_2020;
  const ids = {
    sections: t.sections.map((s) => s.id),
    questions: questions(t).map((q) => q.id),
    objectives: t.objectives.map((o) => String(o.number)),
    principles: t.principles.map((p) => p.id),
  };
  const arabicLetters = (s: string) => (s.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latinLetters = (s: string) => (s.match(/[A-Za-zÀ-ÿ]/g) ?? []).length;

  it('keeps the English reference and the version that drafts reference', () => {
    expect(t.version).toBe('1.0.0');
    expect(t.language).toBe('en');
    expect(templateLanguages(t)).toEqual(['en', 'fr', 'ar']);
  });

  for (const lang of ['fr', 'ar'] as const) {
    it(`${lang}: the title, every section, question, objective and principle is translated, marked working`, () => {
      const tr = t.translations?.[lang];
      expect(tr?.status).toBe('working');
      expect(isWorkingTranslation(t, lang)).toBe(true);
      expect(tr?.title).toBeTruthy();
      for (const part of ['sections', 'questions', 'objectives', 'principles'] as const)
        expect(Object.keys(tr![part]).sort(), `${lang} ${part}`).toEqual([...ids[part]].sort());
      const loc = localizeTemplate(t, lang);
      const texts = [loc.title, ...loc.sections.map((s) => s.title), ...questions(loc).map((q) => q.text), ...loc.objectives.map((o) => o.title), ...loc.principles.map((p) => p.title)];
      const english = [t.title, ...t.sections.map((s) => s.title), ...questions(t).map((q) => q.text), ...t.objectives.map((o) => o.title), ...t.principles.map((p) => p.title)];
      expect(texts).toHaveLength(1 + 5 + 23 + 23 + 10);
      texts.forEach((x, i) => expect(x, `${lang} #${i} is the English text`).not.toBe(english[i]));
    });
  }

  it('Arabic texts are in Arabic script (no Latin words beyond acronyms), with Arabic question marks', () => {
    const ar = t.translations!.ar!;
    const all = [ar.title!, ...Object.values(ar.sections), ...Object.values(ar.questions), ...Object.values(ar.objectives), ...Object.values(ar.principles)];
    for (const s of all) {
      expect(latinLetters(s), s).toBe(0);
      expect(arabicLetters(s) / s.replace(/[\s\d\p{P}]/gu, '').length, s).toBeGreaterThan(0.95);
      expect(s, 'a Latin question mark in Arabic text').not.toMatch(/\?/);
    }
    for (const [id, text] of Object.entries(ar.questions)) expect(text, id).toMatch(/؟/);
  });

  it('French texts are French: no Arabic script, French typography, the UN wording of the objectives', () => {
    const fr = t.translations!.fr!;
    const all = [fr.title!, ...Object.values(fr.sections), ...Object.values(fr.questions), ...Object.values(fr.objectives), ...Object.values(fr.principles)];
    for (const s of all) {
      expect(arabicLetters(s), s).toBe(0);
      expect(s, 'a space that can break before ? ; : !').not.toMatch(/ [?;:!]/);
      expect(s, 'a typewriter apostrophe').not.toMatch(/'/);
    }
    for (const [id, text] of Object.entries(fr.questions)) expect(text, id).toMatch(/\u00a0\?/);
    expect(fr.objectives['23']).toBe('Renforcer la coopération internationale et les partenariats mondiaux pour des migrations sûres, ordonnées et régulières');
    expect(fr.title).toMatch(/Pacte mondial pour des migrations sûres, ordonnées et régulières/);
    expect(t.translations!.ar!.title).toContain("للاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية");
  });

  it('keeps the question numbers of the source: a translation never changes a label or id', () => {
    for (const lang of ['fr', 'ar']) {
      const loc = localizeTemplate(t, lang);
      expect(questions(loc).map((q) => [q.id, q.label, q.extension])).toEqual(questions(t).map((q) => [q.id, q.label, q.extension]));
    }
  });
});
