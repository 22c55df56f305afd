/**
 * What a native addon file was built for, read from its bytes and never loaded (loading a binding
 * of the wrong ABI aborts the process): the ABI from its `node_register_module_v<N>` symbol, the
 * file format and CPU from the ELF, PE or Mach-O header.
 */
import fs from 'node:fs';

export interface BindingFacts {
  /** Node ABI (process.versions.modules) the addon registers for; null for N-API-only addons. */
  abi: string | null;
  format: 'elf' | 'pe' | 'mach-o' | null;
  /** In Node's process.arch names. */
  arch: string | null;
}

export type BindingState =
  | { state: 'present'; facts: BindingFacts }
  | { state: 'absent' }
  | { state: 'unreadable'; why: string }
  | { state: 'wrong-abi'; expected: string; facts: BindingFacts }
  | { state: 'wrong-arch'; expected: string; facts: BindingFacts };

const ELF_MACHINES: Record<number, string> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64', 0xf3: 'riscv64', 0x08: 'mips', 0x15: 'ppc64', 0x16: 's390x', 0x102: 'loong64' };
const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64', 0x1c4: 'arm' };
const MACHO_CPUS: Record<number, string> = { 7: 'ia32', 0x01000007: 'x64', 12: 'arm', 0x0100000c: 'arm64' };

function header(bytes: Buffer): Pick<BindingFacts, 'format' | 'arch'> {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const little = bytes[5] !== 2;
    const machine = little ? bytes.readUInt16LE(18) : bytes.readUInt16BE(18);
    return { format: 'elf', arch: ELF_MACHINES[machine] ?? null };
  }
  if (bytes.length >= 0x40 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      return { format: 'pe', arch: PE_MACHINES[bytes.readUInt16LE(pe + 4)] ?? null };
    }
  }
  if (bytes.length >= 8) {
    const magic = bytes.readUInt32LE(0);
    if (magic === 0xfeedfacf || magic === 0xfeedface) return { format: 'mach-o', arch: MACHO_CPUS[bytes.readUInt32LE(4)] ?? null };
  }
  return { format: null, arch: null };
}

export function bindingFacts(bytes: Buffer): BindingFacts {
  const m = /node_register_module_v(\d+)/.exec(bytes.toString('latin1'));
  return { abi: m ? m[1]! : null, ...header(bytes) };
}

export function inspectBinding(file: string, target: { abi: string; arch: string; platform?: string }): BindingState {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent' };
    return { state: 'unreadable', why: code === 'EISDIR' ? 'it is a folder' : (e as Error).message };
  }
  const facts = bindingFacts(bytes);
  if (facts.format === null && facts.abi === null) return { state: 'unreadable', why: 'not a Node native addon' };
  if (facts.abi !== null && facts.abi !== target.abi) return { state: 'wrong-abi', expected: target.abi, facts };
  if (facts.arch !== null && facts.arch !== target.arch) return { state: 'wrong-arch', expected: target.arch, facts };
  return { state: 'present', facts };
}

/** A phrase for the user: "it is missing", "it was built for ABI 115, not 150", … */
export function describeBindingProblem(s: Exclude<BindingState, { state: 'present' }> | BindingState): string {
  switch (s.state) {
    case 'present':
      return 'it is usable';
    case 'absent':
      return 'it is missing';
    case 'unreadable':
      return `it cannot be read (${s.why})`;
    case 'wrong-abi':
      return `it was built for ABI ${s.facts.abi}, not ${s.expected}`;
    case 'wrong-arch':
      return `it was built for ${s.facts.arch ?? 'another CPU'}, not ${s.expected}`;
  }
}
