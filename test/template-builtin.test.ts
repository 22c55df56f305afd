/**
 * The built-in template is used as shipped, without a parse at start-up (shared/template/index.ts):
 * it must be exactly what TemplateSchema.parse makes of it, the order of its keys included (JSON
 * output, e.g. `template show --json`, is unchanged by skipping the parse).
 */
import { describe, expect, it } from 'vitest';
import builtinJson from '../shared/template/arab-region-2020.json';
import { ARAB_REGION_2020, TemplateSchema } from '../shared/template';

describe('the built-in template', () => {
  it('is valid and is what the schema makes of it, key order included', () => {
    const parsed = TemplateSchema.parse(builtinJson);
    expect(JSON.stringify(ARAB_REGION_2020)).toBe(JSON.stringify(parsed));
    expect(ARAB_REGION_2020).toEqual(parsed);
  });
});
