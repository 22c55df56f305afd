/**
 * Why a download could not happen, in words: the host's name does not resolve, or nothing answers
 * on its HTTPS port. Used after a failed download to turn "fetch failed" into a reason.
 */
import dns from 'node:dns/promises';
import net from 'node:net';

export async function unreachableReason(host: string, timeoutMs = 8000): Promise<string | null> {
  try {
    await dns.lookup(host);
  } catch (e) {
    return `${host} cannot be found (${(e as NodeJS.ErrnoException).code ?? 'DNS error'}): no network, or no DNS`;
  }
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: 443 });
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`${host}:443 does not answer (no reply in ${Math.round(timeoutMs / 1000)} s)`));
    socket.once('connect', () => done(null));
    socket.once('error', (e: NodeJS.ErrnoException) => done(`${host}:443 refuses the connection (${e.code ?? e.message})`));
  });
}

/** The host a URL or mirror setting names (for ELECTRON_MIRROR and the like), else `fallback`. */
export function hostOf(url: string | undefined, fallback: string): string {
  if (!url) return fallback;
  try {
    return new URL(url).hostname || fallback;
  } catch {
    return fallback;
  }
}
