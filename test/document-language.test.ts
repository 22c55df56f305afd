/** Issue 8: a draft's document language and submitting authority (migration 010, services, CLI). */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { migrate } from '../main/store/migrations';
import { zipText } from './bundle-tools';
import { cli, makeServices, storeSnapshot, tempDir } from './helpers';

describe('document language and authority', () => {
  it('migration 010 gives existing drafts English documents and no authority, and refuses other languages', () => {
    const file = path.join(tempDir(), 's.sqlite');
    const db = new Database(file);
    migrate(db, 9);
    db.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES ('d','t','x','1.0.0','a','a','n','o','i')").run();
    migrate(db);
    expect(db.prepare("SELECT language, authority FROM drafts WHERE id = 'd'").get()).toEqual({ language: 'en', authority: '' });
    expect(() => db.prepare("UPDATE drafts SET language = 'de' WHERE id = 'd'").run()).toThrow(/CHECK/);
    db.close();
  });

  it('draft create --language/--authority, draft set changes them later (audited), draft show reports them', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const id = (await cli(db, 'draft', 'create', '--title', 'Revue nationale', '--country', 'Maroc', '--language', 'fr', '--authority', 'Ministère des Affaires étrangères')).out.trim();
    let d = JSON.parse((await cli(db, 'draft', 'show', id, '--json')).out);
    expect(d).toMatchObject({ language: 'fr', authority: 'Ministère des Affaires étrangères', country: 'Maroc' });
    expect((await cli(db, 'draft', 'set', id, '--language', 'ar', '--authority', 'وزارة الشؤون الخارجية')).code).toBe(0);
    d = JSON.parse((await cli(db, 'draft', 'show', id, '--json')).out);
    expect(d).toMatchObject({ language: 'ar', authority: 'وزارة الشؤون الخارجية' });
    const audit = JSON.parse((await cli(db, 'audit', id, '--json')).out) as Array<{ action: string; old: string; new: string }>;
    expect(audit.find((a) => a.action === 'draft.language')).toMatchObject({ old: 'fr', new: 'ar' });
    expect(audit.find((a) => a.action === 'draft.authority')).toMatchObject({ new: 'وزارة الشؤون الخارجية' });
    // A default draft is English.
    const en = (await cli(db, 'draft', 'create', '--title', 'T')).out.trim();
    expect(JSON.parse((await cli(db, 'draft', 'show', en, '--json')).out).language).toBe('en');
  });

  it('refuses an unknown language with a clear message and changes nothing', async () => {
    const s = makeServices();
    const d = s.drafts.create({ title: 'T' });
    const before = storeSnapshot(s);
    await expect(invoke(s.handlers, 'setDraftDocument', { draftId: d.id, language: 'de' })).rejects.toThrow(/setDraftDocument: language/);
    await expect(invoke(s.handlers, 'createDraft', { title: 'T', language: 'de' })).rejects.toThrow(/createDraft: language/);
    expect(storeSnapshot(s)).toBe(before);
    const r = await cli(path.join(tempDir(), 'c.sqlite'), 'draft', 'create', '--title', 'T', '--language', 'de');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/language/);
  });

  it('a country or authority with characters XML cannot carry (U+FFFE, U+FFFF) is stored without them, in ar, fr and en (was: kept, and the Word export\'s document.xml not well-formed: Word refuses to open it)', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
    for (const [language, country, authority] of [['ar', 'المغرب', 'وزارة الشؤون الخارجية'], ['fr', 'Maroc', 'Ministère des Affaires étrangères'], ['en', 'Morocco', 'Ministry of Foreign Affairs']] as const) {
      const d = await invoke(s.handlers, 'createDraft', { title: 'Revue', language, country: `${country}\ufffe`, authority: `\uffff${authority}` });
      expect(d).toMatchObject({ country, authority });
      await invoke(s.handlers, 'setDraftDocument', { draftId: d.id, country: `\ufffe${country}`, authority: `${authority}\ufffe` });
      expect(await invoke(s.handlers, 'getDraft', { draftId: d.id })).toMatchObject({ country, authority });
      const docx = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64');
      const xml = await zipText(docx, 'word/document.xml');
      expect(xml).not.toMatch(/[\ufffe\uffff]/);
      expect(xml).toContain(authority);
    }
    // one kept before the forms cleaned it (an older store, an import): the export leaves the character out
    const d = await invoke(s.handlers, 'createDraft', { title: 'Revue', country: 'Maroc' });
    s.store.db.prepare('UPDATE drafts SET title = ?, country = ?, authority = ? WHERE id = ?').run('Revue\ufffe', 'Maroc\uffff', '\ufffeWilaya', d.id);
    const docx = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64');
    for (const part of ['word/document.xml', 'docProps/core.xml', 'word/header1.xml']) expect(await zipText(docx, part), part).not.toMatch(/[\ufffe\uffff]/);
    // the identity, the document's author: likewise (was: U+FFFE in core.xml)
    await invoke(s.handlers, 'setIdentity', { name: 'Amina\ufffe', organisation: 'MFA\uffff' });
    const core = await zipText(Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64'), 'docProps/core.xml');
    expect(core).toContain('Amina (MFA)');
    expect(core).not.toMatch(/[\ufffe\uffff]/);
  });

  it('duplicates keep the document language and authority', () => {
    const s = makeServices();
    const d = s.drafts.create({ title: 'T', language: 'ar', authority: 'Authority' });
    const copy = s.drafts.duplicate(d.id);
    expect(copy).toMatchObject({ language: 'ar', authority: 'Authority' });
  });

  it('template show --json keeps its keys and gains the translations', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const t = JSON.parse((await cli(db, 'template', 'show', '--json')).out);
    expect(Object.keys(t)).toEqual(expect.arrayContaining(['id', 'version', 'title', 'language', 'sections', 'objectives', 'principles', 'translations']));
    expect(t.sections[0].questions[0].text).toMatch(/^Has a mechanism been established/);
    expect(t.translations.fr.status).toBe('working');
    expect(t.translations.fr.questions['I.a']).toMatch(/mécanisme/);
    expect(t.translations.ar.questions['I.a']).toMatch(/[\u0600-\u06FF]/);
  });
});
