/** The Electron side's pure rules: which URLs are ours, which links may leave, who may call IPC. */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, resolveAppFile } from '../main/electron/app-origin';
import { isSafeExternalUrl } from '../shared/external-url';
import { menuTemplate } from '../main/electron/menu';
import { senderRejection } from '../main/electron/sender';
import { APP_HEADERS, appResponse } from '../main/electron/serve-app';
import { CSP } from '../main/host/server';
import { DATA_DIR_NAME, defaultDbPath } from '../main/store/store';
import { tempDir } from './helpers';

describe('isSafeExternalUrl', () => {
  it.each(['https://www.un.org/en/migration', 'http://example.org/a?b=c#d', 'mailto:focal.point@ministry.gov.ma', 'https://ar.wikipedia.org/wiki/%D9%87%D8%AC%D8%B1%D8%A9', 'mailto:focal.point@ministry.gov.ma?subject=Revue%20nationale&body=Bonjour&cc=b@un.org'])('lets %s go to the OS', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });
  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://gcm/index.html',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'data:text/html,<script>1</script>',
    'vbscript:x',
    'https://user:pass@example.org/',
    'https://example.org/ --inspect',
    'https://exa\u0000mple.org',
    'http://',
    'mailto:',
    'mailto:a@b@c',
    // mail apps that honour attach= send a local file or fetch a UNC path (NTLM hash) with the mail
    'mailto:a@b.org?attach=/etc/passwd',
    'mailto:a@b.org?subject=x&Attachment=file:///C:/Users/x/.ssh/id_rsa',
    'mailto:a@b.org?ATTACH=%5C%5Cevil.example%5Cshare%5Cx',
    'mailto:a@b.org?body=x&attach%3D=y',
    '/relative/path',
    '',
    'https://example.org/' + 'a'.repeat(3000),
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
  it('refuses non-strings', () => {
    for (const v of [null, undefined, 42, {}, ['https://a.b']]) expect(isSafeExternalUrl(v)).toBe(false);
  });
  it('only ever accepts http, https and mailto (random strings)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('file:', 'javascript:', 'ftp:', 'app:').chain((p) => fc.webUrl().map((u) => u.replace(/^https?:/, p)))), (s) => {
        if (isSafeExternalUrl(s)) expect(['http:', 'https:', 'mailto:']).toContain(new URL(s).protocol);
      }),
      { numRuns: 500 },
    );
  });
});

describe('app origin', () => {
  it('recognises only app://gcm', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://gcm/assets/x.js?v=1#y')).toBe(true);
    for (const u of ['app://evil/index.html', 'app://gcm:8080/', 'app://u@gcm/', 'https://gcm/', 'file:///index.html', 'APP:/gcm', '', null, undefined]) expect(isAppUrl(u)).toBe(false);
  });

  it('maps app URLs to files inside the renderer folder and nothing outside it', () => {
    const root = '/srv/dist-renderer';
    expect(resolveAppFile(root, 'app://gcm/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://gcm/drafts/123')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://gcm/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    for (const u of ['app://gcm/../secret.txt', 'app://gcm/%2e%2e/%2e%2e/etc/passwd.txt', 'app://gcm/..%2f..%2fetc%2fpasswd.txt', 'app://gcm/a%5c..%5c..%5cx.txt', 'app://gcm/x%00.js', 'app://other/index.html', 'https://gcm/index.html']) {
      const f = resolveAppFile(root, u);
      expect(f === null || f.startsWith(root + path.sep), u).toBe(true);
    }
    expect(resolveAppFile(root, 'app://gcm/x%00.js')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
  });

  it('serves the built renderer with the browser-mode CSP, and refuses the rest', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>GCM</title>');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'console.log(1)');
    fs.writeFileSync(path.join(path.dirname(root), `${path.basename(root)}-secret.txt`), 'secret');
    const index = await appResponse(root, 'app://gcm/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>GCM</title>');
    const js = await appResponse(root, 'app://gcm/assets/a.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await appResponse(root, 'app://gcm/assets/missing.js')).status).toBe(404);
    expect((await appResponse(root, `app://gcm/../${path.basename(root)}-secret.txt`)).status).not.toBe(200);
    expect((await appResponse(root, 'app://evil/index.html')).status).toBe(403);
    expect((await appResponse(root, 'app://gcm/', 'POST')).status).toBe(405);
    for (const [k, v] of Object.entries(APP_HEADERS)) expect((await appResponse(root, 'app://gcm/nope.js')).headers.get(k)).toBe(v);
  });

  it('serves no file through a symbolic link out of the app folder', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>GCM</title>');
    const outside = path.join(tempDir(), 'secret.txt');
    fs.writeFileSync(outside, 'secret');
    fs.symlinkSync(outside, path.join(root, 'linked.txt'));
    fs.symlinkSync(path.dirname(outside), path.join(root, 'up'));
    for (const p of ['linked.txt', 'up/secret.txt']) {
      const r = await appResponse(root, `app://gcm/${p}`);
      expect(r.status, p).toBe(404);
      expect(await r.text()).not.toContain('secret');
    }
    expect((await appResponse(root, 'app://gcm/')).status).toBe(200);
  });
});

describe('senderRejection', () => {
  const ok = { frameUrl: 'app://gcm/index.html', isMainFrame: true, fromAppWindow: true };
  it('accepts the main frame of our window on our origin', () => {
    expect(senderRejection(ok)).toBeNull();
    expect(senderRejection({ ...ok, frameUrl: 'app://gcm/index.html#/draft/1' })).toBeNull();
  });
  it('refuses a foreign origin, a subframe, another window, or a vanished frame', () => {
    expect(senderRejection({ ...ok, frameUrl: 'https://evil.example/' })).toMatch(/does not show/);
    expect(senderRejection({ ...ok, frameUrl: 'file:///home/u/index.html' })).toMatch(/does not show/);
    expect(senderRejection({ ...ok, frameUrl: 'app://gcm.evil/' })).toMatch(/does not show/);
    expect(senderRejection({ ...ok, isMainFrame: false })).toMatch(/main frame/);
    expect(senderRejection({ ...ok, fromAppWindow: false })).toMatch(/not the GCM Review window/);
    expect(senderRejection({ ...ok, frameUrl: null })).toMatch(/gone/);
  });
});

describe('menu', () => {
  it('has the Edit roles and Help > About', () => {
    let about = 0;
    const t = menuTemplate('linux', () => about++);
    const edit = t.find((m) => m.label === 'Edit')!;
    const roles = (edit.submenu as Array<{ role?: string }>).map((i) => i.role);
    for (const r of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']) expect(roles).toContain(r);
    const help = t.find((m) => m.role === 'help')!;
    const item = (help.submenu as Array<{ label?: string; click?: () => void }>).find((i) => i.label === 'About GCM Review')!;
    item.click!();
    expect(about).toBe(1);
    expect(t.some((m) => m.role === 'appMenu')).toBe(false);
    expect(menuTemplate('darwin', () => {}).some((m) => m.role === 'appMenu')).toBe(true);
  });
});

describe('store location', () => {
  it('GCM_REVIEW_DB wins; else the data folder Electron is given; else the same folder the CLI uses', () => {
    expect(defaultDbPath({ GCM_REVIEW_DB: 'rel/x.sqlite' }, '/data')).toBe(path.resolve('rel/x.sqlite'));
    expect(defaultDbPath({}, '/data/GCM Review')).toBe(path.join('/data/GCM Review', 'gcm-review.sqlite'));
    if (process.platform === 'linux') {
      // Electron's appData on Linux is $XDG_CONFIG_HOME (or ~/.config); main.ts sets userData to appData/DATA_DIR_NAME.
      const cli = defaultDbPath({ XDG_CONFIG_HOME: '/home/u/.config' });
      expect(cli).toBe(defaultDbPath({}, path.join('/home/u/.config', DATA_DIR_NAME)));
    }
  });
});
