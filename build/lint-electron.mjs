#!/usr/bin/env node
/**
 * `npm run lint:electron`: @doyensec/electronegativity's static Electron security checks over
 *   1. the sources in main/electron/, and
 *   2. the app as it is packaged: the built bundles (renamed .js — the tool skips .cjs), the
 *      renderer's index.html (its CSP) and package.json.
 * The network check AvailableSecurityFixesGlobalCheck is excluded (no internet here).
 * Prints every finding; exits 1 if any is HIGH, 2 if a target was not analysed or the tool failed. `--json` prints the
 * findings as JSON instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const asJson = process.argv.includes('--json');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field.trim()), (field = '');
    else if (c === '\n') row.push(field.trim()), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || row.length) row.push(field.trim()), rows.push(row);
  return rows;
}

const toolOutput = new Map();
const CSV_HEADER = 'issue,severity,confidence,filename,location,sample,description,url';

function scan(input, label) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-eneg-')), 'findings.csv');
  const run = spawnSync(process.execPath, [path.join(root, 'build', 'electronegativity.cjs'), '-i', input, '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electronVersion, '-r', '-v', 'false', '-o', out], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // What the tool printed (parse errors among it), kept to explain a skipped target.
  toolOutput.set(label, `exit ${run.status}${run.signal ? ` (${run.signal})` : ''}\n${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, ''));
  if (run.status !== 0 || !fs.existsSync(out)) throw new Error(`electronegativity failed on ${label} (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const text = fs.readFileSync(out, 'utf8');
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const [header, ...rows] = parseCsv(text);
  // A report that does not parse whole is an error, never "no findings".
  const bad = rows.filter((r) => r.length !== header.length && !(r.length === 1 && r[0] === ''));
  if (header.join(',') !== CSV_HEADER || bad.length) throw new Error(`electronegativity wrote an unreadable report for ${label}:\n${text.slice(0, 2000)}`);
  const col = (name) => header.indexOf(name);
  return rows
    .filter((r) => r.length === header.length)
    .map((r) => ({ target: label, check: r[col('issue')], severity: r[col('severity')], confidence: r[col('confidence')], file: r[col('filename')], location: r[col('location')], description: r[col('description')] }));
}

// The packaged app, staged where the tool can read it.
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-eneg-app-'));
try {
  execFileSync(process.execPath, [path.join(root, 'build', 'build-electron.mjs'), '--outdir', path.join(stage, 'dist', 'main')], { cwd: root, stdio: 'pipe' });
  for (const f of ['electron', 'preload']) {
    fs.renameSync(path.join(stage, 'dist', 'main', `${f}.cjs`), path.join(stage, 'dist', 'main', `${f}.js`));
    fs.rmSync(path.join(stage, 'dist', 'main', `${f}.cjs.map`), { force: true });
  }
  const html = fs.existsSync(path.join(root, 'dist-renderer', 'index.html')) ? path.join(root, 'dist-renderer', 'index.html') : path.join(root, 'renderer', 'index.html');
  fs.mkdirSync(path.join(stage, 'dist-renderer'));
  fs.copyFileSync(html, path.join(stage, 'dist-renderer', 'index.html'));
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, main: pkg.main, devDependencies: { electron: electronVersion } }, null, 2));

  // Canaries: reviewed findings that prove each target was really parsed (the tool skips files it
  // cannot parse without failing, which would read as "no findings").
  const canaries = [
    ['main/electron', 'PRELOAD_JS_CHECK', 'window.ts'],
    ['packaged app', 'OPEN_EXTERNAL_JS_CHECK', 'dist/main/electron.js'],
    ['packaged app', 'ELECTRON_VERSION_JSON_CHECK', 'package.json'],
  ];
  const missing = (fs_) => canaries.filter(([t, c, f]) => !fs_.some((x) => x.target === t && x.check === c && x.file === f));
  const findings = [...scan(path.join(root, 'main', 'electron'), 'main/electron'), ...scan(stage, 'packaged app')];
  const unparsed = missing(findings);
  for (const t of new Set(unparsed.map(([t]) => t))) console.error(`--- what electronegativity printed for ${t}:\n${(toolOutput.get(t) ?? '').trim().slice(-4000)}`);
  const high = findings.filter((f) => f.severity === 'HIGH');
  if (unparsed.length) {
    console.error(`electronegativity did not analyse: ${unparsed.map(([t, , f]) => `${t}: ${f}`).join(', ')}`);
    process.exitCode = 2;
  }
  if (asJson) process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  else {
    for (const f of findings) console.log(`${f.severity.padEnd(9)} ${f.confidence.padEnd(10)} ${f.check.padEnd(40)} ${f.target}: ${f.file}:${f.location}  ${f.description}`);
    console.log(`${findings.length} finding(s), ${high.length} HIGH`);
  }
  if (high.length) process.exitCode = 1;
} catch (e) {
  // the tool failed or wrote what cannot be read: not a finding, a failed lint (status 2)
  console.error(e.message);
  process.exitCode = 2;
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
