/**
 * What a merge or a conflict decision must do to the paragraphs, told by their tokens (texts.ts):
 * a model of a three-way merge on paragraph sets, checked against the real outcome of each field.
 */
import { expect } from 'vitest';
import type { MergeReport } from '../../main/merge/returned-draft';
import { RevisionGraph } from '../../main/merge/graph';
import { getRevisionRow } from '../../main/store/revisions';
import type { Site } from './world';
import { minus, paragraphsOf, tokensOf } from './texts';

const sorted = (s: Iterable<string>) => [...s].sort();
/** The paragraphs a text holds more than once. */
const twiceIn = (text: string): string[] => paragraphsOf(text).filter((p, i, all) => all.indexOf(p) !== i);
const textOf = (site: Site, id: string | null | undefined) => (id ? (getRevisionRow(site.s.store, id)?.text ?? '') : '');

/** Checks every field of a merge report against the heads the draft had before. */
export function checkMerge(site: Site, draftId: string, before: Map<string, { revision_id: string; text: string }>, report: MergeReport, ctx: string): void {
  for (const f of report.fields) {
    const at = `${ctx}: ${f.field} (${f.outcome})`;
    const ours = before.get(f.field);
    if (ours && f.outcome !== 'up-to-date') checkBase(site, draftId, f.field, ours.revision_id, f.baseRevisionId, f.theirsRevisionId, at);
    const B = tokensOf(textOf(site, f.baseRevisionId));
    const O = tokensOf(ours?.text ?? '');
    const T = tokensOf(textOf(site, f.theirsRevisionId));
    const C = tokensOf(textOf(site, f.revisionId));
    // a paragraph is kept twice only where a side already held it twice
    const sides = new Set([...twiceIn(ours?.text ?? ''), ...twiceIn(textOf(site, f.theirsRevisionId))]);
    expect(twiceIn(textOf(site, f.revisionId)).filter((p) => !sides.has(p)), `${at}: a paragraph kept twice`).toEqual([]);
    switch (f.outcome) {
      case 'new':
      case 'fast-forward':
        expect(sorted(C), at).toEqual(sorted(T));
        break;
      case 'up-to-date':
        expect(sorted(C), at).toEqual(sorted(O));
        break;
      case 'kept-ours':
        expect(sorted(C), at).toEqual(sorted(O));
        // theirs changed nothing against the base, or made the very same change
        expect(sorted(T).join() === sorted(B).join() || sorted(T).join() === sorted(O).join(), `${at}: theirs dropped`).toBe(true);
        break;
      case 'merged': {
        // a clean merge: every paragraph one side added stays, every one a side removed (and the other kept) goes;
        // told by their whole text, as a side that kept both versions of a paragraph holds its token twice
        const [pb, po, pt, pc] = [textOf(site, f.baseRevisionId), ours?.text ?? '', textOf(site, f.theirsRevisionId), textOf(site, f.revisionId)].map((t) => new Set(paragraphsOf(t))) as Array<Set<string>>;
        const want = new Set([...[...po!].filter((p) => pt!.has(p)), ...minus(po!, pb!), ...minus(pt!, pb!)]);
        expect(sorted(pc!), at).toEqual(sorted(want));
        break;
      }
      case 'conflict':
        expect(minus(new Set(minus(O, B)), C), `${at}: ours lost at a conflict`).toEqual([]);
        expect(minus(C, new Set([...O, ...T])), `${at}: text from nowhere`).toEqual([]);
        break;
    }
  }
}

/**
 * The base of a three-way merge is a lowest common ancestor of ours (the head before the merge)
 * and theirs: no other common ancestor descends from it. An older one would show changes both
 * sides already share as changes of one side.
 */
function checkBase(site: Site, draftId: string, field: string, ours: string, base: string | null, theirs: string, at: string): void {
  if (!base) return;
  const g = RevisionGraph.load(site.s.store, draftId, field);
  const common = g.ancestors(ours).filter((x) => g.isAncestor(x, theirs));
  const lower = common.filter((x) => x !== base && g.isAncestor(base, x));
  expect(lower, `${at}: merged against ${base}, an older common ancestor than ${lower.join(', ')}`).toEqual([]);
}

export interface ResolutionCase {
  how: 'ours' | 'theirs' | 'both' | 'edit';
  base: string;
  ours: string;
  theirs: string;
  /** the answer as the merge left it, and as it is when deciding */
  since: string;
  head: string;
  /** the text written for the edited places */
  edited?: string;
}

/** A decision keeps what it says, and everything written since the merge that it did not touch. */
export function checkResolution(c: ResolutionCase, result: string, ctx: string): void {
  const [B, O, T, S, H, R] = [c.base, c.ours, c.theirs, c.since, c.head, result].map(tokensOf) as Array<Set<string>>;
  const removedSince = new Set(minus(S!, H!));
  const keep = (xs: string[]) => xs.filter((t) => !removedSince.has(t));
  const must = new Set<string>(minus(H!, S!)); // written after the merge
  if (c.how === 'ours') for (const t of H!) must.add(t);
  if (c.how === 'theirs' || c.how === 'both') for (const t of keep(minus(T!, B!))) must.add(t);
  if (c.how === 'both') for (const t of keep(minus(O!, B!))) must.add(t);
  if (c.edited) for (const t of tokensOf(c.edited)) must.add(t);
  expect(minus(must, R!), `${ctx}: resolution (${c.how}) lost text`).toEqual([]);
}
