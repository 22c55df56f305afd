import type { Bench } from './harness';

export const autosaveBench: Bench = { title: 'Autosave and opening a draft', run: async () => [] };
