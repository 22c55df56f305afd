/**
 * The desktop app's own words (dialogs from the main process) in the user's language: the one
 * chosen in the app if any, else the system's (app.getLocale()), else English. Pure.
 */
import { pickLanguage, resources } from '../../shared/i18n';

export type DesktopText = (typeof resources)['en']['translation']['desktop'];

export function desktopText(saved: string | null, systemLocale: string): DesktopText {
  return resources[pickLanguage(saved, [systemLocale])].translation.desktop;
}

export { fill } from '../../shared/i18n/words';
