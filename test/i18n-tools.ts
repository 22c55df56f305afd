/** The app's catalogues in one language, as the renderer words them (for tests of coded and stored messages). */
import i18next from 'i18next';
import { expect } from 'vitest';
import { LANGUAGES, resources } from '../shared/i18n';
import { shownParams, type MessageRef } from '../shared/messages';
import type { Language } from '../shared/i18n/languages';

export async function tFor(lng: string) {
  const i = i18next.createInstance();
  await i.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i.t.bind(i);
}

/** A coded message as the renderer words it in `lang`: its days as the language writes them (CodedText). */
export async function wordIn(ref: MessageRef, lang: Language): Promise<string> {
  return (await tFor(lang))(`msg.${ref.messageKey}`, { ...shownParams(ref.messageParams ?? {}, lang), defaultValue: '' });
}

/**
 * A coded message in every language, as the renderer words it: its key, each worded (Arabic in
 * Arabic script, French not the English), placeholders filled, none with the English detail given.
 */
export async function wordedEverywhere(ref: MessageRef | null | undefined, key: string, english?: RegExp): Promise<Record<string, string>> {
  expect(ref?.messageKey).toBe(key);
  const out: Record<string, string> = {};
  for (const lang of LANGUAGES) {
    const t = await tFor(lang);
    out[lang] = t(`msg.${ref!.messageKey}`, { ...ref!.messageParams, defaultValue: '' });
    expect(out[lang], `${lang}: ${key}`).not.toBe('');
    if (english) expect(out[lang]).not.toMatch(english);
    expect(out[lang]).not.toMatch(/\{\{|undefined/);
  }
  expect(out.ar).toMatch(/\p{Script=Arabic}/u);
  expect(out.fr).not.toBe(out.en);
  return out;
}
