import builtinJson from './arab-region-2020.json';
import type { Template } from './schema';

export * from './schema';

export const DEFAULT_TEMPLATE_ID = 'arab-region-2020';
/**
 * The built-in template, as shipped. It is our own file, not input, so it is not run through
 * TemplateSchema at every start (17 ms of every CLI command, issue 13): test/template-builtin.test.ts
 * checks that TemplateSchema.parse gives it back unchanged, to the order of its keys.
 */
export const ARAB_REGION_2020: Template = builtinJson as unknown as Template;
export const BUILTIN_TEMPLATES: readonly Template[] = [ARAB_REGION_2020];
