/**
 * The desktop app without a usable Electron binding: it says which file is missing or built for
 * another ABI, exits with status 1, and opens no store (so nothing is created) and no window.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { setUpNativeBinding } from '../main/electron/binding';
import { nativeBindingInUse } from '../main/electron/native-sqlite';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

const dirs: string[] = [];
afterEach(() => {
  delete process.env.GCM_REVIEW_DB;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('a binding built for another ABI is refused from its bytes, with the reason', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-binding-abi-'));
  dirs.push(dir);
  const binding = E.makeAppFolder(dir);
  const bytes = fs.readFileSync(binding);
  const at = bytes.indexOf(`node_register_module_v${process.versions.modules}`);
  bytes.write('node_register_module_v999', at, 'latin1'); // same length for 3-digit ABIs
  fs.writeFileSync(binding, bytes);
  const problem = setUpNativeBinding(dir);
  expect(problem).toContain('it was built for ABI 999');
  expect(problem).toContain(binding);
  expect(nativeBindingInUse()).toBeNull();
});

it('boots to an error box naming the missing binding and exits 1, creating no store', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-binding-missing-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'app', 'dist-renderer'), { recursive: true }); // the renderer, but no native/ folder
  E.app.getAppPath = () => path.join(dir, 'app');
  E.app.paths.appData = path.join(dir, 'appData');
  process.env.GCM_REVIEW_DB = path.join(dir, 'store.sqlite');
  const { started } = await import('../main/electron/main');
  expect(await started).toBeNull();
  expect(E.dialog.showErrorBox).toHaveBeenCalledOnce();
  const [title, text] = E.dialog.showErrorBox.mock.calls[0]! as [string, string];
  expect(title).toBe('GCM Review cannot open its store');
  expect(text).toContain(`it is missing`);
  expect(text).toContain(path.join(dir, 'app', 'native', 'better-sqlite3', `electron-v${process.versions.modules}-${process.platform}-${process.arch}`, 'better_sqlite3.node'));
  expect(text).toContain('npm start');
  expect(E.app.exit).toHaveBeenCalledWith(1);
  expect(E.BrowserWindow.instances).toHaveLength(0);
  expect(E.ipcMain.handlers.size).toBe(0);
  expect(fs.existsSync(path.join(dir, 'store.sqlite'))).toBe(false);
});
