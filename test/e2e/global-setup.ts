/** Builds the renderer if dist-renderer is missing or older than its sources (npm test builds it first anyway). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export default function globalSetup() {
  const built = path.join(root, 'dist-renderer', 'index.html');
  const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'shared')));
  if (stale) execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
