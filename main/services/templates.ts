import { AppError } from '../../shared/contract/common';
import { BUILTIN_TEMPLATES, TemplateSchema, describeZodError, type Template } from '../../shared/template';
import { nowIso, type Store } from '../store/store';

/** Parses a template from JSON text; a bad file gets an error naming the problem. */
export function parseTemplateJson(json: string): Template {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new AppError('bad_file', `template is not valid JSON: ${(e as Error).message}`);
  }
  const r = TemplateSchema.safeParse(raw);
  if (!r.success) throw new AppError('bad_file', `invalid template: ${describeZodError(r.error)}`);
  return r.data;
}

export class Templates {
  private cache = new Map<string, Template>();
  constructor(private store: Store) {}

  list(): Array<{ id: string; version: string; title: string; builtin: boolean }> {
    const stored = this.store.db.prepare('SELECT definition FROM templates ORDER BY id, version').all() as Array<{ definition: string }>;
    return [
      ...BUILTIN_TEMPLATES.map((t) => ({ id: t.id, version: t.version, title: t.title, builtin: true })),
      ...stored.map((r) => TemplateSchema.parse(JSON.parse(r.definition))).map((t) => ({ id: t.id, version: t.version, title: t.title, builtin: false })),
    ];
  }

  /** A template by id and version (default: the newest version of that id). */
  get(id: string, version?: string): Template {
    const key = `${id}@${version ?? '*'}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const candidates = this.list().filter((t) => t.id === id && (!version || t.version === version));
    if (!candidates.length) throw new AppError('not_found', version ? `unknown template ${id} version ${version}` : `unknown template ${id}`);
    const best = candidates.sort((a, b) => compareVersions(b.version, a.version))[0]!;
    const builtin = BUILTIN_TEMPLATES.find((t) => t.id === best.id && t.version === best.version);
    const t =
      builtin ??
      TemplateSchema.parse(
        JSON.parse((this.store.db.prepare('SELECT definition FROM templates WHERE id = ? AND version = ?').get(best.id, best.version) as { definition: string }).definition),
      );
    this.cache.set(key, t);
    return t;
  }

  import(json: string): Template {
    const t = parseTemplateJson(json);
    const exists = this.list().find((x) => x.id === t.id && x.version === t.version);
    if (exists) throw new AppError('conflict', `template ${t.id} version ${t.version} already exists; give your version a new version number`);
    this.store.db.prepare('INSERT INTO templates (id, version, definition, imported_at) VALUES (?, ?, ?, ?)').run(t.id, t.version, JSON.stringify(t), nowIso());
    this.cache.clear();
    return t;
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
