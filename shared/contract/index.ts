/**
 * The one contract between renderer and main. Every call is declared here with zod schemas for
 * its input and output; Electron IPC and the browser-mode HTTP host both carry exactly these.
 */
import type { z } from 'zod';
import { draftCalls } from './drafts';
import { attachmentCalls } from './attachments';
import { trustCalls } from './trust';
import { bundleCalls } from './bundles';
import { interchangeCalls } from './interchange';
import { reviewCalls } from './review';
import { workshopCalls } from './workshops';
import { transferCalls } from './transfer';
import { desktopCalls } from './desktop';
import { safetyCalls } from './safety';
import { deliveryCalls } from './delivery';
import { historyCalls } from './history';
import { captureCalls } from './capture';
import { safeguardCalls } from './safeguards';
import { startupCalls } from './startup';

export * from './common';
export * from './drafts';
export * from './attachments';
export * from './trust';
export * from './bundles';
export * from './interchange';
export * from './review';
export * from './workshops';
export * from './transfer';
export * from './desktop';
export * from './safety';
export * from './delivery';
export * from './history';
export * from './capture';
export * from './safeguards';
export * from './startup';

export const contract = {
  ...draftCalls,
  ...attachmentCalls,
  ...trustCalls,
  ...bundleCalls,
  ...interchangeCalls,
  ...workshopCalls,
  ...reviewCalls,
  ...transferCalls,
  ...desktopCalls,
  ...safetyCalls,
  ...deliveryCalls,
  ...historyCalls,
  ...captureCalls,
  ...safeguardCalls,
  ...startupCalls,
};

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

/** What the renderer sees as `window.api`. */
export type Api = { [M in Method]: (input?: Input<M>) => Promise<Output<M>> };
/** What main implements: plain Node functions over parsed input. */
export type Handlers = { [M in Method]: (input: ParsedInput<M>) => Output<M> | Promise<Output<M>> };

export const METHODS = Object.keys(contract) as Method[];
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
