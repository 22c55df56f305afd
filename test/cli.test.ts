import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../main/services';
import { cli, storeSnapshot, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..');

describe('CLI', () => {
  it('template show --json has ids, versions, sections, questions, objectives, principles', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const r = await cli(db, 'template', 'show', '--json');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    expect(t).toMatchObject({ id: 'arab-region-2020', version: '1.0.0' });
    expect(t.sections.map((s: { id: string }) => s.id)).toEqual(['I', 'II', 'III', 'IV', 'V']);
    expect(t.sections[0].questions[0]).toMatchObject({ id: 'I.a', text: expect.stringMatching(/^Has a mechanism been established/) });
    expect(t.objectives).toHaveLength(23);
    expect(t.principles[9]).toEqual({ id: 'j', title: 'Whole-of-society approach' });
  });

  it('drafts and answers round-trip plain text, with history and identity', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    expect((await cli(db, 'identity', 'init', '--name', 'Amina', '--organisation', 'MFA')).code).toBe(0);
    expect(JSON.parse((await cli(db, 'identity', 'show', '--json')).out)).toMatchObject({ name: 'Amina', organisation: 'MFA' });
    const created = await cli(db, 'draft', 'create', '--title', 'Morocco — national review 2020', '--country', 'Morocco');
    expect(created.code).toBe(0);
    const id = created.out.trim();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7, printed alone
    const text = 'Coordination is chaired by the MFA.\n\n- Ministry of the Interior\n  - Directorate of Migration\n    - Border unit\n- Higher Planning Commission\n\n1. first\n2. second\n\nتمت استشارة الجماعات الترابية.';
    const file = path.join(tempDir(), 'a.txt');
    fs.writeFileSync(file, text);
    expect((await cli(db, 'answer', 'set', id, 'I.a', '--file', file)).code).toBe(0);
    expect((await cli(db, 'answer', 'set', id, 'I.b', '--text', 'The Department of Global Affairs.')).code).toBe(0);
    expect((await cli(db, 'answer', 'get', id, 'I.a')).out).toBe(text);
    const show = JSON.parse((await cli(db, 'draft', 'show', id, '--json')).out);
    expect(show.answers['I.a'].text).toBe(text);
    expect(show.answers['I.b'].text).toBe('The Department of Global Affairs.');
    expect(show.answered).toBe(2);
    expect((await cli(db, 'answer', 'set', id, 'I.b', '--text', 'Changed.')).code).toBe(0);
    const hist = JSON.parse((await cli(db, 'answer', 'history', id, 'I.b', '--json')).out);
    expect(hist.map((h: { text: string }) => h.text)).toEqual(['Changed.', 'The Department of Global Affairs.']);
    expect(hist[0].authorName).toBe('Amina');
    expect((await cli(db, 'answer', 'restore', id, 'I.b', hist[1].id)).code).toBe(0);
    expect((await cli(db, 'answer', 'get', id, 'I.b')).out).toBe('The Department of Global Affairs.');
    const found = JSON.parse((await cli(db, 'search', 'الجماعات', '--json')).out);
    expect(found.map((f: { field: string }) => f.field)).toEqual(['I.a']);
    expect((await cli(db, 'objective', 'set', id, '7', '--status', 'in_progress', '--note', 'Vulnerabilities')).code).toBe(0);
    expect(JSON.parse((await cli(db, 'draft', 'show', id, '--json')).out).objectives['III.a/objective/7']).toBeUndefined();
    expect(JSON.parse((await cli(db, 'draft', 'show', id, '--json')).out).objectives['7']).toEqual({ status: 'in_progress', note: 'Vulnerabilities' });
    expect((await cli(db, 'draft', 'rename', id, '--title', 'Renamed')).code).toBe(0);
    expect((await cli(db, 'draft', 'delete', id)).code).toBe(0);
    expect((await cli(db, 'draft', 'list', '--json')).out).toBe('[]');
    expect(JSON.parse((await cli(db, 'draft', 'list', '--trash', '--json')).out)[0].title).toBe('Renamed');
  });

  it('bad input: exit 1, one line on stderr saying what is wrong, nothing written', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const id = (await cli(db, 'draft', 'create', '--title', 'T')).out.trim();
    const s = createServices(db);
    const before = storeSnapshot(s);
    s.close();
    const bad: Array<[string[], RegExp]> = [
      [['answer', 'set', '01900000-0000-7000-8000-000000000000', 'I.a', '--text', 'x'], /no draft with id/],
      [['answer', 'set', id, 'IX.q', '--text', 'x'], /unknown question IX\.q/],
      [['answer', 'set', id, 'I.a', '--file', '/nonexistent/file.txt'], /cannot read \/nonexistent\/file\.txt: no such file \(ENOENT\)/],
      [['answer', 'set', id, 'I.a', '--file', tempDir()], /cannot read .*: it is a folder, not a file \(EISDIR\)/],
      [['trust', 'add', tempDir(), '--name', 'N', '--organisation', 'O'], /: it is a folder, not a file \(EISDIR\)$/],
      [['workshop', 'create', '--title', 'Atelier'], /^error: createWorkshop: date: required; place: required; authority: required$/],
      [['answer', 'set', id, 'I.a'], /exactly one of --text or --file/],
      [['answer', 'set', id, 'I.a', '--bogus', 'x'], /Unknown option '--bogus'/],
      [['template', 'import', path.join(ROOT, 'package.json')], /invalid template: /],
      [['template', 'show', 'nope'], /unknown template nope/],
      [['draft', 'create'], /^error: createDraft: title: required$/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, re] of bad) {
      const r = await cli(db, ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(re);
      expect(r.out).toBe('');
    }
    const s2 = createServices(db);
    expect(storeSnapshot(s2)).toBe(before);
    s2.close();
  });

  it('runs as `npm run --silent cli` with GCM_REVIEW_DB, exit codes and stderr as documented', () => {
    const db = path.join(tempDir(), 'spawned.sqlite');
    const env = { ...process.env, GCM_REVIEW_DB: db };
    // a title with C1 controls (valid XML, so a bundle can carry them): CSI "clear the screen" and
    // an OSC 8 link, which a terminal such as xterm acts on when the title is listed
    const ok = spawnSync('npm', ['run', '--silent', 'cli', '--', 'draft', 'create', '--title', 'Spawned\u009b2J\u009d8;;https://evil.example/\u009cclic\u009d8;;\u009c\u007f'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect(fs.existsSync(db)).toBe(true);
    const bad = spawnSync('npm', ['run', '--silent', 'cli', '--', 'answer', 'get', ok.stdout.trim(), 'Z.z'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: .*Z\.z/);
    // what the program prints holds no control character a terminal would act on (was: the title as stored)
    const list = spawnSync('npm', ['run', '--silent', 'cli', '--', 'draft', 'list'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(list.stdout).toContain('Spawned\\u009b2J\\u009d8;;https://evil.example/\\u009cclic\\u009d8;;\\u009c\\u007f');
    expect(list.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    // written as their escapes, the --json output is the same JSON as the title stored (nothing lost)
    const json = spawnSync('npm', ['run', '--silent', 'cli', '--', 'draft', 'list', '--json'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(json.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(json.stdout)[0].title).toBe('Spawned\u009b2J\u009d8;;https://evil.example/\u009cclic\u009d8;;\u009c\u007f');
  });
});
