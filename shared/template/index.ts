import builtinJson from './arab-region-2020.json';
import { TemplateSchema, type Template } from './schema';

export * from './schema';

export const DEFAULT_TEMPLATE_ID = 'arab-region-2020';
export const ARAB_REGION_2020: Template = TemplateSchema.parse(builtinJson);
export const BUILTIN_TEMPLATES: readonly Template[] = [ARAB_REGION_2020];
