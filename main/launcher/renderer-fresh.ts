/**
 * Whether dist-renderer is newer than everything it is built from (the renderer and shared
 * sources, vite's config, the installed packages), so `npm start` can skip rebuilding it.
 */
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = ['renderer', 'shared', 'vite.config.ts', 'package.json', path.join('node_modules', '.package-lock.json')];

function latestChange(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((t, name) => Math.max(t, latestChange(path.join(p, name))), st.mtimeMs);
}

export function rendererIsFresh(root: string): boolean {
  const built = path.join(root, 'dist-renderer', 'index.html');
  if (!fs.existsSync(built)) return false;
  const builtAt = fs.statSync(built).mtimeMs;
  return INPUTS.every((input) => latestChange(path.join(root, input)) <= builtAt);
}
