import type { Services } from '../services';
import type { UpgradeListener } from '../store/migrations';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** Hears the upgrade of an older store while it is opened (a line on stderr: main/cli/upgrade-line.ts). */
  progress?: UpgradeListener;
}

export interface CommandContext {
  services: Services;
  io: CliIo;
  args: string[];
}

export interface Command {
  usage: string;
  /** Options in node:util parseArgs form. */
  options?: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
  /** Runs without opening the store (e.g. replacing the store file); gets the store's path. */
  /** Makes the store when there is none (only commands that start one: identity init, draft create, imports). */
  createsStore?: boolean;
  /** Answers from built-in data when there is no store (an in-memory one), rather than refusing. */
  worksWithoutStore?: boolean;
  withoutStore?(dbFile: string, positionals: string[], opts: Record<string, string | boolean | string[] | undefined>, io: CliIo): Promise<void> | void;
  /** Succeeds (exit 0) or throws (exit 1, the error's message on stderr). */
  run(ctx: CommandContext, positionals: string[], opts: Record<string, string | boolean | string[] | undefined>): Promise<void> | void;
}

export type CommandTable = Record<string, Command>;
