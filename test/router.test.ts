import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../renderer/src/router';

describe('hash routes', () => {
  const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  it('round-trips every route', () => {
    expect(parseRoute(href.home())).toEqual({ name: 'home' });
    expect(parseRoute(href.trash())).toEqual({ name: 'trash' });
    expect(parseRoute(href.draft(id))).toEqual({ name: 'draft', draftId: id, questionId: null });
    expect(parseRoute(href.draft(id, 'III.a'))).toEqual({ name: 'draft', draftId: id, questionId: 'III.a' });
    expect(parseRoute(href.search('وزارة الداخلية / 2020'))).toEqual({ name: 'search', query: 'وزارة الداخلية / 2020' });
  });
  it('treats the launch token and unknown hashes as home', () => {
    expect(parseRoute('#token=abc')).toEqual({ name: 'home' });
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/search/%E0%A4%A')).toEqual({ name: 'search', query: '%E0%A4%A' });
  });
});
