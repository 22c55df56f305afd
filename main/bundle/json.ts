/**
 * JSON from a bundle (bundle.json, the payloads): strict UTF-8 (a byte that is not is refused, never
 * replaced), no lone surrogate written as a \u escape either (the same text that is not Unicode:
 * SQLite would keep it as bytes that are not UTF-8, read back as three U+FFFD), and no "__proto__"
 * key anywhere: zod's records accept such a key with any value, unchecked, and drop it, so what was
 * signed would not be what was validated.
 */
import type { AppError } from '../../shared/contract/common';
import { wellFormed } from '../../shared/well-formed';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The first "__proto__" key, or key or string with a lone surrogate, and where (a path such as baseRevisions.__proto__); null when none. Iterative, any depth. */
function escapedProblem(root: unknown): { what: 'proto' | 'surrogate'; at: string } | null {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string' && !wellFormed(v)) return { what: 'surrogate', at };
    if (v === null || typeof v !== 'object') continue;
    if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '__proto__')) return { what: 'proto', at: at ? `${at}.__proto__` : '__proto__' };
    for (const [k, c] of Object.entries(v)) {
      const next = at ? `${at}.${k}` : k;
      if (!wellFormed(k)) return { what: 'surrogate', at: next };
      stack.push([c, next]);
    }
  }
  return null;
}

export function parseBundleJson(bytes: Buffer, what: string, fail: (message: string) => AppError): unknown {
  let text: string;
  let value: unknown;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw fail(`${what} is not valid UTF-8`);
  }
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw fail(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  // such a key is spelled out, or written with a \u escape (a lone surrogate can only be): only then is the whole value walked
  if (text.includes('__proto__') || text.includes('\\u')) {
    const problem = escapedProblem(value);
    if (problem?.what === 'proto') throw fail(`${what} has a "__proto__" key (${problem.at}): refused`);
    if (problem) throw fail(`${what} has a string that is not valid Unicode (a lone surrogate, at ${problem.at || 'its top'}): refused`);
  }
  return value;
}
