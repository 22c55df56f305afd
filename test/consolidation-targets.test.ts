import { describe, expect, it } from 'vitest';
import { matchTargets, targetLabel, targetOptions } from '../renderer/src/consolidation/targets';
import { parseConsolidationRoute, consHref } from '../renderer/src/consolidation/routes';
import { parseRoute } from '../renderer/src/router';
import { ARAB_REGION_2020 } from '../shared/template';
import { tFor } from './i18n-tools';

const words = { en: await tFor('en'), fr: await tFor('fr'), ar: await tFor('ar') };
/** The objective's word in a language, from its catalogue (as the renderer's useObjectiveWord). */
const objective = (lang: keyof typeof words) => (n: number) => words[lang]('cons.target.objective', { n });
const options = targetOptions(ARAB_REGION_2020, objective('en'));
const first = (q: string) => matchTargets(options, q)[0]?.field;

describe('capture targets', () => {
  it('offers every question and every objective of the template', () => {
    expect(options.filter((o) => !o.field.includes('/'))).toHaveLength(23);
    expect(options.filter((o) => o.field.includes('/objective/'))).toHaveLength(23);
  });

  it('finds a question by id, an objective by "Obj N", "objective N", "o7" or its number, and both by words', () => {
    expect(first('II.c')).toBe('II.c');
    expect(first('ii.c')).toBe('II.c');
    expect(first('Obj 7')).toBe('III.a/objective/7');
    expect(first('objective 17')).toBe('III.a/objective/17');
    expect(first('o7')).toBe('III.a/objective/7');
    expect(first('7')).toBe('III.a/objective/7');
    expect(matchTargets(options, 'vulnerabilities').map((o) => o.field)).toContain('III.a/objective/7');
    expect(matchTargets(options, 'stakeholders').map((o) => o.field)).toContain('II.a');
    expect(matchTargets(options, '')).toEqual([]);
    expect(matchTargets(options, 'zzzz')).toEqual([]);
  });

  it('offers the questions and objectives in the interface language, found by its words however they are typed', () => {
    const fr = targetOptions(ARAB_REGION_2020, objective('fr'), 'fr');
    const ar = targetOptions(ARAB_REGION_2020, objective('ar'), 'ar');
    const obj7 = (o: typeof fr) => o.find((x) => x.field === 'III.a/objective/7')!;
    expect(obj7(fr)).toMatchObject({ text: 'S’attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire', lang: 'fr', dir: 'ltr' });
    expect(obj7(ar)).toMatchObject({ text: 'معالجة أوجه الضعف في الهجرة والحد منها', lang: 'ar', dir: 'rtl' });
    expect(obj7(options)).toMatchObject({ text: 'Address and reduce vulnerabilities in migration', lang: 'en', dir: 'ltr' });
    const fields = (o: typeof fr, q: string) => matchTargets(o, q).map((x) => x.field);
    // French words with or without accents and capitals, Arabic with or without the article and taa marbuta
    expect(fields(fr, 'vulnérabilité')).toContain('III.a/objective/7');
    expect(fields(fr, 'VULNERABILITE migrations')).toContain('III.a/objective/7');
    expect(fields(fr, 'parties prenantes')).toContain('II.a');
    expect(fields(ar, 'الضعف')).toContain('III.a/objective/7');
    expect(fields(ar, 'هجره ضعف')).toContain('III.a/objective/7');
    expect(fields(ar, 'اصحاب المصلحه')).toContain('II.a');
    // ids and objective numbers as in every language
    expect(fields(ar, 'Obj 7')[0]).toBe('III.a/objective/7');
    // and as each language's hint writes them ("Obj. 7", "الهدف 7"), the option labelled so
    expect(fields(fr, 'Obj. 7')[0]).toBe('III.a/objective/7');
    expect(fields(fr, 'objectif 12')[0]).toBe('III.a/objective/12');
    expect(fields(ar, 'الهدف 7')[0]).toBe('III.a/objective/7');
    expect(fields(ar, 'هدف 23')[0]).toBe('III.a/objective/23');
    expect(obj7(fr).label).toBe('Obj.\u00a07');
    expect(obj7(ar).label).toBe('الهدف 7');
    expect(fields(fr, 'ii.a')[0]).toBe('II.a');
    // Arabic-Indic digits, as an Arabic keyboard types them
    expect(fields(ar, 'هدف ٧')).toEqual(['III.a/objective/7']);
    expect(fields(options, 'Obj ١٧')).toEqual(['III.a/objective/17']);
    // a number typed names that objective only: with objective 7 already chosen (not offered),
    // "الهدف 7" or "obj 7" offers nothing (it offered objective 17, whose words hold "7")
    const without7 = (o: typeof fr) => o.filter((x) => x.field !== 'III.a/objective/7');
    expect(fields(without7(ar), 'الهدف 7')).toEqual([]);
    expect(fields(without7(options), 'obj 7')).toEqual([]);
  });

  it('labels fields the way people say them', () => {
    expect(targetLabel('II.a', objective('en'))).toBe('II.a');
    expect(targetLabel('III.a/objective/7', objective('en'))).toBe('Obj 7');
    expect(targetLabel('III.a/objective/7', objective('fr'))).toBe('Obj.\u00a07');
    expect(targetLabel('III.a/objective/7', objective('ar'))).toBe('الهدف 7');
    expect(targetLabel('III.b/principle/c', objective('ar'))).toBe('III.b (c)');
  });
});

describe('consolidation routes', () => {
  it('round-trips through the hash router and leaves other routes alone', () => {
    const d = '01890000-0000-7000-8000-000000000000';
    expect(parseRoute(consHref.workshops())).toEqual({ name: 'workshops' });
    expect(parseRoute(consHref.workshop(d))).toEqual({ name: 'workshop', workshopId: d });
    expect(parseRoute(consHref.review(d, 'versions', 1))).toEqual({ name: 'review', draftId: d, tab: 'versions', arg: '1' });
    expect(parseRoute(`#/review/${d}/nonsense`)).toEqual({ name: 'review', draftId: d, tab: 'dashboard', arg: null });
    expect(parseConsolidationRoute(['draft', d])).toBeNull();
    expect(parseRoute(`#/draft/${d}/II.a`)).toEqual({ name: 'draft', draftId: d, questionId: 'II.a' });
  });
});
