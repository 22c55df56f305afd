/**
 * How the user last moved: `<html data-input="keyboard">` after a key, `"pointer"` after a click
 * or a touch, and neither before the first. The browser's own :focus-visible also matches a focus
 * that a script gives when nothing was pressed yet (the app opened at a question, a language just
 * chosen), so the question heading the app focuses on each arrival (for screen readers) showed
 * its ring to mouse users: that ring is drawn only after a key (styles.css).
 */
export function installInputModality(): void {
  const root = document.documentElement;
  const set = (how: 'keyboard' | 'pointer') => {
    if (root.dataset.input !== how) root.dataset.input = how;
  };
  document.addEventListener('keydown', () => set('keyboard'), true);
  document.addEventListener('pointerdown', () => set('pointer'), true);
}
