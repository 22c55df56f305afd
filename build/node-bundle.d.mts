import type { BuildOptions } from 'esbuild';
export declare const requireBanner: string;
export declare const nodeBundleOptions: BuildOptions;
