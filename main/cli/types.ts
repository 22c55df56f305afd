import type { Services } from '../services';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
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
  withoutStore?(dbFile: string, positionals: string[], opts: Record<string, string | boolean | string[] | undefined>, io: CliIo): Promise<void> | void;
  /** Succeeds (exit 0) or throws (exit 1, the error's message on stderr). */
  run(ctx: CommandContext, positionals: string[], opts: Record<string, string | boolean | string[] | undefined>): Promise<void> | void;
}

export type CommandTable = Record<string, Command>;
