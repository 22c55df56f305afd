/** PATH_INPUTS names every input of the contract that is a path on disk, and nothing else. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '../shared/contract';
import { PATH_INPUTS, pathInputRefusal } from '../shared/contract/path-inputs';

/** The keys of an input schema, through .optional() and .default(). */
function inputKeys(schema: z.ZodType): string[] {
  let s = schema as unknown as { def: { type: string; innerType?: unknown; shape?: Record<string, unknown> } };
  while (s.def.innerType) s = s.def.innerType as typeof s;
  return s.def.type === 'object' ? Object.keys(s.def.shape ?? {}) : [];
}

/** A key that reads as a path: `file`, `outFile`, `identityFile`, `filePath`, `…Dir`, `…Folder` (not `fileName`). */
const looksLikePath = (key: string) => /(^file|File|Path|^path|Dir|Folder)$/.test(key);

describe('path inputs', () => {
  it('lists exactly the contract inputs that name a file on disk', () => {
    const found: Record<string, string[]> = {};
    for (const [method, call] of Object.entries(contract)) {
      const keys = inputKeys(call.input).filter(looksLikePath);
      if (keys.length) found[method] = keys.sort();
    }
    const listed = Object.fromEntries(Object.entries(PATH_INPUTS).map(([m, f]) => [m, [...f!].sort()]));
    expect(listed).toEqual(found);
  });

  it('refuses a payload that carries one, and nothing else', () => {
    expect(pathInputRefusal('addAttachment', { draftId: 'x', field: 'I.a', filePath: '/etc/passwd' })).toMatch(/^addAttachment: "filePath" is a path on this machine/);
    expect(pathInputRefusal('deliveryPull', { identityFile: '/home/other/.ssh/id' })).toMatch(/identityFile/);
    expect(pathInputRefusal('deliveryPull', {})).toBeNull();
    expect(pathInputRefusal('deliveryPull', undefined)).toBeNull();
    expect(pathInputRefusal('deliveryPull', { identityFile: undefined })).toBeNull();
    expect(pathInputRefusal('listDrafts', { file: '/etc/passwd' })).toBeNull(); // the schema refuses that key
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(pathInputRefusal(name, { file: 'x' })).toBeNull();
    // an inherited key is not the page's input
    expect(pathInputRefusal('verifyBundle', Object.create({ file: '/etc/passwd' }))).toBeNull();
  });
});
