/**
 * The audit's "before"/"after" that the services store as English lines (main/bundle/import.ts,
 * main/workshops/bundle-io.ts, main/bundle/envelope.ts, main/workshops/import.ts, workshops.ts, a document's
 * pictures in main/services/interchange.ts), read back as a
 * sentence of the catalogue (cons.auditValue.*) and its values: users' words (titles, names,
 * places) as values to isolate, a file by its name, a key by the start of its fingerprint. A line
 * of another form (an older app's) is left as it is; the CSV keeps what is stored.
 */
import { fileName } from '../format';

export interface ValueSentence {
  k: string;
  values: Record<string, string | number>;
}

/** "sha256:1a2b…" to the first 16 hex digits: enough to tell keys apart on screen (the full one is in the cell's title and the CSV). */
export const shortFingerprint = (fp: string) => `${fp.slice(0, 'sha256:'.length + 16)}…`;


/** "<title or kind> from <name> (<organisation>) sha256:…[; the bundle names its signer <name> (<organisation>)]" */
const IMPORTED = /^(.*) from (.*?) \((.*)\) (sha256:[0-9a-f]{64})(?:; the bundle names its signer (.*?) \((.*)\))?$/s;
const EXPORTED = /^(draft|contributions) (.+)$/s;
/** A picture of an imported document (main/services/interchange.ts): "<name> (<sha256>) from docx:<file>". */
const PICTURE = /^(.*) \([0-9a-f]{64}\) from (?:text|docx):(.+)$/s;
/** A workshop as created (main/workshops/workshops.ts): "<title> — <YYYY-MM-DD>, <place> (<authority>)". */
const WORKSHOP = /^(.*) — (\d{4}-\d{2}-\d{2}), (.*)$/s;

/**
 * "<place> (<authority>)" cut at the parenthesis that opens the last balanced group: either may
 * hold parentheses of its own ("Rabat (Hay Riad) (Wilaya de Rabat)", "Agadir (Wilaya (Souss))");
 * null when the text does not end with one.
 */
function placeAndAuthority(text: string): { place: string; authority: string } | null {
  if (!text.endsWith(')')) return null;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) return i >= 1 && text[i - 1] === ' ' ? { place: text.slice(0, i - 1), authority: text.slice(i + 1, -1) } : null;
  }
  return null;
}
const QUEUED = /^(\d+) contributions? from workshop "(.*)" \((\d{4}-\d{2}-\d{2}), (.*?)\) queued for review((?:; .+)?)$/s;
/** The further counts of a contributions import, by the name its sentence gives them. */
const LATER: Array<[RegExp, 'updated' | 'keptDecided' | 'withdrawn' | 'alreadyHere']> = [
  [/^(\d+) edited there since, updated here \(the earlier text is kept in its history\)$/, 'updated'],
  [/^(\d+) edited there after a decision here, kept as decided$/, 'keptDecided'],
  [/^(\d+) participants? withdrew consent to be named$/, 'withdrawn'],
  [/^(\d+) already here, not added again$/, 'alreadyHere'],
];

function imported(value: string): ValueSentence | null {
  const m = IMPORTED.exec(value);
  if (!m) return null;
  const [, what, name, organisation, fingerprint, claimedName, claimedOrganisation] = m as unknown as string[];
  // a workshop's bundle names its kind where a draft's names its title
  const kind = what === 'contributions' ? 'contributions' : 'draft';
  const values: Record<string, string> = { name: name!, organisation: organisation!, fingerprint: shortFingerprint(fingerprint!) };
  if (kind === 'draft') values.title = what!;
  if (claimedName === undefined) return { k: `cons.auditValue.bundleImport.${kind}`, values };
  return { k: `cons.auditValue.bundleImport.${kind}Claimed`, values: { ...values, claimedName, claimedOrganisation: claimedOrganisation! } };
}

function queued(value: string): ValueSentence | null {
  const m = QUEUED.exec(value);
  if (!m) return null;
  const counts = { updated: 0, keptDecided: 0, withdrawn: 0, alreadyHere: 0 };
  for (const part of m[5] ? m[5].slice(2).split('; ') : []) {
    const hit = LATER.map(([re, name]) => [re.exec(part), name] as const).find(([r]) => r);
    if (!hit) return null;
    counts[hit[1]] = Number(hit[0]![1]);
  }
  return { k: 'cons.auditValue.contributions', values: { added: Number(m[1]), workshop: m[2]!, date: m[3]!, place: m[4]!, ...counts } };
}

/** The sentence for an audit value, or null when it is shown as it is (or worded otherwise: AuditTarget.tsx). */
export function auditValueSentence(action: string, value: string): ValueSentence | null {
  if (!value) return null;
  if (action === 'bundle.import') return imported(value);
  if (action === 'bundle.export') {
    const m = EXPORTED.exec(value);
    return m ? { k: `cons.auditValue.bundleExport.${m[1]}`, values: { file: fileName(m[2]!) } } : null;
  }
  if (action === 'contributions.import') return queued(value);
  if (action === 'workshop.create') {
    const m = WORKSHOP.exec(value);
    const at = m && placeAndAuthority(m[3]!);
    return m && at ? { k: 'cons.auditValue.workshop', values: { title: m[1]!, date: m[2]!, ...at } } : null;
  }
  if (action === 'attachment.add') {
    const m = PICTURE.exec(value);
    return m ? { k: 'cons.auditValue.pictureFrom', values: { name: m[1]!, file: fileName(m[2]!) } } : null;
  }
  return null;
}
