/**
 * Who said a contribution, as the app shows it: "Name (Organisation)" only with the participant's
 * consent, else the organisation (workshops' contributions, and the audit's words for them). Pure.
 */
export function sourceLabel(name: string | null, consent: boolean, organisation: string): string {
  return consent && name ? (organisation ? `${name} (${organisation})` : name) : organisation || 'unattributed';
}
