/**
 * The Arab region's countries by their ISO 3166 codes, without their names (arab-countries.ts has
 * those): the interface's first screen needs only the codes, to word its Arabic dates as the
 * system's region does (shared/i18n/languages.ts).
 */
export const ARAB_REGIONS = ['MA', 'DZ', 'TN', 'MR', 'LY', 'EG', 'SD', 'JO', 'LB', 'SY', 'IQ', 'PS', 'SA', 'AE', 'KW', 'QA', 'BH', 'OM', 'YE', 'SO', 'DJ', 'KM'] as const;
export type ArabRegion = (typeof ARAB_REGIONS)[number];

const REGIONS: ReadonlySet<string> = new Set(ARAB_REGIONS);

/**
 * The first Arab country among a system's preferred locales, by their region ("ar-JO", "fr-MA",
 * "ar_EG.UTF-8" as the environment writes them, "en-AE"); null when none names one ("ar", "en-US").
 */
export function systemArabRegion(preferred: readonly string[]): ArabRegion | null {
  for (const p of preferred) {
    const region = /^[a-z]{2,3}(?:[-_][a-z]{4})?[-_]([a-z]{2})(?:$|[-_.@])/i.exec(p)?.[1]?.toUpperCase();
    if (region && REGIONS.has(region)) return region as ArabRegion;
  }
  return null;
}
