/**
 * Coded messages (shared/messages.ts) in a language outside the renderer (the CLI, the desktop's
 * own dialogs), from the same catalogues; the renderer words them with i18next (ErrorText.tsx).
 */
import type { MessageRef } from '../messages';
import { resources } from './index';
import type { Language } from './languages';

/** Fills `{{name}}` placeholders. */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** msg.<messageKey> in `lang` with its parameters, or null where the catalogue has no such message. */
export function wordRef(lang: Language, ref: MessageRef): string | null {
  let node: unknown = resources[lang].translation.msg;
  for (const k of ref.messageKey.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
  return typeof node === 'string' ? fill(node, ref.messageParams ?? {}) : null;
}
