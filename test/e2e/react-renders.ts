/**
 * Counts React's commits and component renders in the page, with no change to the app: a
 * stand-in for React DevTools' global hook (React, production builds included, reports every
 * commit to it). Give REACT_RENDERS to page.addInitScript before the page loads; read
 * `globalThis.__reactRenders` ({ commits, renders }) in the page.
 *
 * A component counts as rendered in a commit when its fiber did work (the PerformedWork flag)
 * and is not the fiber object that was in the tree at the previous commit (a subtree React
 * skipped keeps its old fibers, with their old flags).
 */
export interface ReactRenders {
  commits: number;
  renders: number;
}

/** A string: the page runs it as it is (tsx's helpers must not leak into it). */
export const REACT_RENDERS = `(() => {
  const counts = { commits: 0, renders: 0 };
  globalThis.__reactRenders = counts;
  const before = new WeakMap(); // per root: its fibers at its last commit
  // function, class, forwardRef, memo and simple memo components
  const COMPONENT = new Set([0, 1, 11, 14, 15]);
  globalThis.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onPostCommitFiberRoot() {},
    onCommitFiberUnmount() {},
    onCommitFiberRoot(_id, root) {
      counts.commits++;
      const last = before.get(root) || new WeakSet();
      const now = new WeakSet();
      const stack = [root.current];
      while (stack.length) {
        const f = stack.pop();
        now.add(f);
        if (COMPONENT.has(f.tag) && (f.flags & 1) && !last.has(f)) counts.renders++;
        if (f.child) stack.push(f.child);
        if (f.sibling) stack.push(f.sibling);
      }
      before.set(root, now);
    },
  };
})()`;
