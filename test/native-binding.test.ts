/**
 * The two better-sqlite3 bindings: where each lives, and what a binding file was built for, read
 * from its bytes (never loaded): ABI from `node_register_module_v<N>`, format and CPU from the header.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindingFacts, describeBindingProblem, inspectBinding } from '../main/native/binding-inspect';
import { electronBindingFile, nodeBindingFile, unpackedAppRoot } from '../main/native/binding-path';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '..');
const here = { abi: process.versions.modules, arch: process.arch };

/** A minimal ELF/PE/Mach-O header for `machine`, padding, then the addon symbol for `abi`. */
function fakeAddon(format: 'elf' | 'pe' | 'mach-o', machine: number, abi: string | null): Buffer {
  let head: Buffer;
  if (format === 'elf') {
    head = Buffer.alloc(64);
    head.writeUInt32BE(0x7f454c46, 0);
    head[4] = 2; // 64-bit
    head[5] = 1; // little-endian
    head.writeUInt16LE(machine, 18);
  } else if (format === 'pe') {
    head = Buffer.alloc(0x100);
    head.write('MZ', 0, 'latin1');
    head.writeUInt32LE(0x80, 0x3c);
    head.write('PE\0\0', 0x80, 'latin1');
    head.writeUInt16LE(machine, 0x84);
  } else {
    head = Buffer.alloc(32);
    head.writeUInt32LE(0xfeedfacf, 0);
    head.writeUInt32LE(machine, 4);
  }
  return Buffer.concat([head, Buffer.alloc(4096, 0), Buffer.from(abi ? `\0node_register_module_v${abi}\0` : '\0napi_register_module_v1\0', 'latin1')]);
}

describe('binding locations', () => {
  it('keeps the Electron build in its own folder named by ABI, OS and CPU, apart from the Node build', () => {
    const t = { abi: '150', platform: 'linux' as const, arch: 'x64' };
    expect(electronBindingFile('/app', t)).toBe(path.join('/app', 'native', 'better-sqlite3', 'electron-v150-linux-x64', 'better_sqlite3.node'));
    expect(nodeBindingFile('/app')).toBe(path.join('/app', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    expect(path.relative(path.dirname(nodeBindingFile('/app')), electronBindingFile('/app', t))).toMatch(/^\.\.\/\.\.\/\.\.\/\.\.\/native\//);
  });

  it('reads unpacked files beside app.asar when packaged, and from the folder itself in a checkout', () => {
    expect(unpackedAppRoot('/opt/GCM Review/resources/app.asar')).toBe('/opt/GCM Review/resources/app.asar.unpacked');
    expect(unpackedAppRoot('/home/me/gcm-review')).toBe('/home/me/gcm-review');
    expect(unpackedAppRoot('/home/me/app.asarx')).toBe('/home/me/app.asarx');
  });
});

describe('what a binding was built for', () => {
  it("reads the Node build's ABI, format and CPU from its bytes, matching this Node", () => {
    const facts = bindingFacts(fs.readFileSync(nodeBindingFile(root)));
    expect(facts.abi).toBe(process.versions.modules);
    expect(facts.arch).toBe(process.arch);
    expect(facts.format).toBe(process.platform === 'win32' ? 'pe' : process.platform === 'darwin' ? 'mach-o' : 'elf');
  });

  it('reads ELF, PE and Mach-O headers and the ABI symbol', () => {
    expect(bindingFacts(fakeAddon('elf', 0xb7, '150'))).toEqual({ abi: '150', format: 'elf', arch: 'arm64' });
    expect(bindingFacts(fakeAddon('elf', 0x3e, '115'))).toEqual({ abi: '115', format: 'elf', arch: 'x64' });
    expect(bindingFacts(fakeAddon('pe', 0x8664, '150'))).toEqual({ abi: '150', format: 'pe', arch: 'x64' });
    expect(bindingFacts(fakeAddon('mach-o', 0x0100000c, '150'))).toEqual({ abi: '150', format: 'mach-o', arch: 'arm64' });
    expect(bindingFacts(fakeAddon('elf', 0x3e, null)).abi).toBeNull(); // an N-API addon names no ABI
    expect(bindingFacts(Buffer.from('#!/bin/sh\necho node_register_module_v150\n'))).toEqual({ abi: '150', format: null, arch: null });
  });

  it('judges a file: present, absent, unreadable, wrong ABI, wrong CPU', () => {
    const dir = tempDir();
    const f = (name: string, bytes: Buffer) => (fs.writeFileSync(path.join(dir, name), bytes), path.join(dir, name));
    const machine = { x64: 0x3e, arm64: 0xb7, ia32: 0x03, arm: 0x28 }[process.arch as 'x64'] ?? 0x3e;
    const other = machine === 0x3e ? 0xb7 : 0x3e;
    expect(inspectBinding(nodeBindingFile(root), here)).toMatchObject({ state: 'present', facts: { abi: here.abi } });
    expect(inspectBinding(path.join(dir, 'none.node'), here)).toEqual({ state: 'absent' });
    expect(inspectBinding(path.join(dir, 'no', 'such', 'dir.node'), here)).toEqual({ state: 'absent' });
    expect(inspectBinding(dir, here)).toMatchObject({ state: 'unreadable' }); // a folder
    expect(inspectBinding(f('text.node', Buffer.from('hello')), here)).toEqual({ state: 'unreadable', why: 'not a Node native addon' });
    const wrongAbi = inspectBinding(f('abi.node', fakeAddon('elf', machine, '999')), here);
    expect(wrongAbi).toMatchObject({ state: 'wrong-abi', expected: here.abi, facts: { abi: '999' } });
    expect(describeBindingProblem(wrongAbi as never)).toBe(`it was built for ABI 999, not ${here.abi}`);
    expect(inspectBinding(f('cpu.node', fakeAddon('elf', other, here.abi)), here)).toMatchObject({ state: 'wrong-arch', expected: process.arch });
    expect(inspectBinding(f('ok.node', fakeAddon('elf', machine, here.abi)), { ...here, arch: process.arch })).toMatchObject({ state: 'present' });
  });
});
