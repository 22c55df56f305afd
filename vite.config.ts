import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // manifest: which chunks the first screen needs (test/renderer-budget.test.ts, npm run bench -- renderer)
  build: { outDir: '../dist-renderer', emptyOutDir: true, sourcemap: true, target: 'chrome120', manifest: true },
});
