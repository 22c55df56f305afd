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
  run(ctx: CommandContext, positionals: string[], opts: Record<string, string | boolean | string[] | undefined>): Promise<number | void> | number | void;
}

export type CommandTable = Record<string, Command>;
