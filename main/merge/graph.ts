/** The revision graph of one field (parents and merge parents), for ancestry and common ancestors. */
import { listRevisionParents } from '../store/revisions';
import type { Store } from '../store/store';

export class RevisionGraph {
  private parents = new Map<string, string[]>();

  static load(store: Store, draftId: string, field: string): RevisionGraph {
    const g = new RevisionGraph();
    for (const r of listRevisionParents(store, draftId, field)) g.add(r.id, r.parent_id, r.merge_parent_id);
    return g;
  }

  add(id: string, parent: string | null, mergeParent: string | null): void {
    this.parents.set(id, [parent, mergeParent].filter((x): x is string => !!x));
  }

  has(id: string): boolean {
    return this.parents.has(id);
  }

  /** Nodes reachable from `from` (itself included), nearest first. */
  ancestors(from: string): string[] {
    const seen = new Set<string>([from]);
    const order = [from];
    for (let i = 0; i < order.length; i++) {
      for (const p of this.parents.get(order[i]!) ?? []) {
        if (!seen.has(p)) {
          seen.add(p);
          order.push(p);
        }
      }
    }
    return order;
  }

  isAncestor(a: string, of: string): boolean {
    return this.ancestors(of).includes(a);
  }

  /** The common ancestor of a and b nearest to b, or null when their histories never met. */
  commonAncestor(a: string, b: string): string | null {
    const ofA = new Set(this.ancestors(a));
    return this.ancestors(b).find((x) => ofA.has(x)) ?? null;
  }
}
