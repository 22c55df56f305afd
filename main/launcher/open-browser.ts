/**
 * Opens a URL in the user's default browser, where there is one: `open` on macOS, `explorer` on
 * Windows, `xdg-open` on a Linux desktop (DISPLAY or WAYLAND_DISPLAY set). BROWSER=none (the
 * usual convention) or no desktop means nothing is opened and the printed URL is the way in.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Opener {
  command: string;
  args: string[];
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

/** How to open `url` here, or null with the reason nothing will be opened. */
export function browserOpener(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Opener | { none: string } {
  if (env.BROWSER === 'none') return { none: 'BROWSER=none' };
  if (env.BROWSER) return { command: env.BROWSER, args: [url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'explorer.exe', args: [url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { none: 'no graphical desktop (DISPLAY and WAYLAND_DISPLAY are not set)' };
  if (!onPath('xdg-open', env)) return { none: 'xdg-open is not installed' };
  return { command: 'xdg-open', args: [url] };
}

/** Starts the opener and lets it go; resolves to null once it started, else why it could not. */
export function openUrl(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const opener = browserOpener(url, platform, env);
  if ('none' in opener) return Promise.resolve(opener.none);
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { env, stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', (e: NodeJS.ErrnoException) => resolve(`${opener.command} could not be run (${e.code ?? e.message})`));
    child.once('spawn', () => {
      child.unref();
      resolve(null);
    });
  });
}
