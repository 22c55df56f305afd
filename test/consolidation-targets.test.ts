import { describe, expect, it } from 'vitest';
import { matchTargets, targetLabel, targetOptions } from '../renderer/src/consolidation/targets';
import { parseConsolidationRoute, consHref } from '../renderer/src/consolidation/routes';
import { parseRoute } from '../renderer/src/router';
import { ARAB_REGION_2020 } from '../shared/template';

const options = targetOptions(ARAB_REGION_2020);
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

  it('labels fields the way people say them', () => {
    expect(targetLabel('II.a')).toBe('II.a');
    expect(targetLabel('III.a/objective/7')).toBe('Obj 7');
    expect(targetLabel('III.b/principle/c')).toBe('III.b (c)');
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
