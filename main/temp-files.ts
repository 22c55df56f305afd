/**
 * Temporary files this process is writing (an output or a backup before its final rename). A
 * command line interrupted by Ctrl+C or SIGTERM removes them before it exits (main/cli/index.ts),
 * so an interrupted `backup create` or export leaves no `*.partial-PID` file behind. (A SIGKILL
 * cannot be caught: the daily rotation sweeps those later.)
 */
import fs from 'node:fs';

const live = new Set<string>();

/** Notes `file` as a temporary of this process; returns it. */
export function trackTemp(file: string): string {
  live.add(file);
  return file;
}

/** `file` is no longer a temporary (renamed into place, or removed). */
export function untrackTemp(file: string): void {
  live.delete(file);
}

/** Removes every temporary still noted (synchronously: called on the way out). */
export function removeTemps(): void {
  for (const f of live) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      /* best effort on the way out */
    }
  }
  live.clear();
}
