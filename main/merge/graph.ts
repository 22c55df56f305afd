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

  /** Whether a revision here descends from `id` (a newer text of its history came or was written after it). */
  hasDescendant(id: string): boolean {
    for (const ps of this.parents.values()) if (ps.includes(id)) return true;
    return false;
  }

  isAncestor(a: string, of: string): boolean {
    return this.ancestors(of).includes(a);
  }

  /**
   * A lowest common ancestor of a and b (no other common ancestor descends from it), the one nearest
   * to b when histories crossed more than once; null when they never met. The nearest by hops alone
   * can be an older one (a short merge-parent path to an old revision), and a merge against it
   * takes what both sides share since for one side's change: text deleted since would come back.
   */
  commonAncestor(a: string, b: string): string | null {
    const ofA = new Set(this.ancestors(a));
    const common = this.ancestors(b).filter((x) => ofA.has(x));
    // every proper ancestor of a common ancestor is not lowest; each node is walked once
    const below = new Set<string>();
    for (const c of common) {
      if (below.has(c)) continue;
      const stack = [...(this.parents.get(c) ?? [])];
      while (stack.length) {
        const p = stack.pop()!;
        if (below.has(p)) continue;
        below.add(p);
        stack.push(...(this.parents.get(p) ?? []));
      }
    }
    return common.find((c) => !below.has(c)) ?? null;
  }
}
