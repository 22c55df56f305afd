/**
 * `npm run doctor`: what npm start will find, read without changing anything: Node's ABI and its
 * binding, Electron's version, ABI and binary, the Electron binding's ABI read from the file, the
 * store (never created, opened read-only), whether browser mode can start.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { doctorReport, formatDoctorReport } from '../main/launcher/doctor';
import { electronBindingFile } from '../main/native/binding-path';
import { makeServices, tempDir } from './helpers';

const root = path.resolve(__dirname, '..');

describe('doctor', () => {
  it('reports both ABIs, the binary, the Electron binding and a store not yet created, creating nothing', async () => {
    const db = path.join(tempDir(), 'not', 'yet', 'review.sqlite');
    const r = await doctorReport(root, { GCM_REVIEW_DB: db });
    expect(r.node).toEqual({ version: process.version, abi: process.versions.modules, platform: process.platform, arch: process.arch });
    expect(r.nodeBinding).toMatchObject({ state: 'present', loads: true });
    const electronPkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
    expect(r.electron).toMatchObject({ version: electronPkg.version, abi: fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim() });
    expect(r.electron.binaryPresent).toBe(fs.existsSync(r.electron.binary!));
    expect(r.electronBinding!.file).toBe(electronBindingFile(root, { abi: r.electron.abi!, platform: process.platform, arch: process.arch }));
    expect(r.electronBinding!.state).toEqual(fs.existsSync(r.electronBinding!.file) ? expect.anything() : 'absent');
    expect(r.store).toEqual({ file: db, exists: false, ok: true, detail: 'not created yet; it will be created on first start' });
    expect(fs.existsSync(path.dirname(db))).toBe(false);
    expect(r.browserModeCanStart).toBe(true);
    const text = formatDoctorReport(r, root);
    expect(text).toContain(`Node             ${process.version}, ABI ${process.versions.modules}`);
    expect(text).toMatch(new RegExp(`Electron engine  native/better-sqlite3/electron-v${r.electron.abi}-${process.platform}-${process.arch}/better_sqlite3\\.node: `));
    expect(text).toContain('Browser mode     can start');
  });

  it('opens an existing store read-only and says which schema it has; a store from a newer version means browser mode cannot start', async () => {
    const s = makeServices();
    const file = s.store.file;
    s.close();
    const before = fs.readFileSync(file);
    const ok = await doctorReport(root, { GCM_REVIEW_DB: file });
    expect(ok.store).toMatchObject({ exists: true, ok: true, detail: expect.stringMatching(/^schema \d+, \d+\.\d MB$/) });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const newer = await doctorReport(root, { GCM_REVIEW_DB: file });
    expect(newer.store).toMatchObject({ ok: false, detail: expect.stringContaining('schema 999 is newer than this version of GCM Review') });
    expect(newer.browserModeCanStart).toBe(false);
    expect(formatDoctorReport(newer, root)).toContain('Browser mode     cannot start: the store is not usable');
  });

  it('npm run doctor prints the report and exits 0 when browser mode can start', async () => {
    const db = path.join(tempDir(), 'review.sqlite');
    const r = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile('npm', ['run', '--silent', 'doctor'], { cwd: root, env: { ...process.env, GCM_REVIEW_DB: db } }, (e, out) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out })),
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^GCM Review doctor\n/);
    for (const row of ['Node engine', 'Electron binary', 'Electron engine', `Store            ${db}`, 'npm start will']) expect(r.out).toContain(row);
  }, 60_000);
});
