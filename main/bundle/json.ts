/**
 * JSON from a bundle (bundle.json, the payloads): strict UTF-8 (a byte that is not is refused, never
 * replaced), and no "__proto__" key anywhere: zod's records accept such a key with any value,
 * unchecked, and drop it, so what was signed would not be what was validated.
 */
import type { AppError } from '../../shared/contract/common';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Where a "__proto__" key is (a path such as baseRevisions.__proto__), or null; iterative, any depth. */
function protoKeyAt(root: unknown): string | null {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '__proto__')) return at ? `${at}.__proto__` : '__proto__';
    for (const [k, c] of Object.entries(v)) stack.push([c, at ? `${at}.${k}` : k]);
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
  // such a key is spelled out, or written with a \u escape: only then is the whole value walked
  if (text.includes('__proto__') || text.includes('\\u')) {
    const at = protoKeyAt(value);
    if (at) throw fail(`${what} has a "__proto__" key (${at}): refused`);
  }
  return value;
}
