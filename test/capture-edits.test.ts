/**
 * Issue 12: a capture box that never loses a word (saved into the store as typed), captured
 * contributions edited and deleted with their history, participants edited and consent withdrawn
 * (the name leaves the next bundle; unzip it and look). Real stores, real signed bundles, unzip.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { textToDoc } from '../shared/plaintext';
import { makeServices, storeSnapshot, tempDir } from './helpers';

async function facilitator(file?: string) {
  const F = makeServices(file);
  await invoke(F.handlers, 'setIdentity', { name: 'Youssef Alaoui', organisation: 'Wilaya de l’Oriental' });
  await invoke(F.handlers, 'ensureSigningKey', {});
  const w = await invoke(F.handlers, 'createWorkshop', { title: 'Consultation régionale — Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya' });
  const fatima = await invoke(F.handlers, 'addParticipant', { workshopId: w.id, name: 'Fatima Zahra', organisation: 'Association Ain Ghazal', kind: 'civil_society', consentToName: true });
  return { F, w, fatima };
}

const unzipText = (file: string, entry: string) => execFileSync('unzip', ['-p', file, entry], { encoding: 'utf8' });

describe('the capture box', () => {
  it('keeps what is typed across a reload (a new process on the same store) until it is taken in', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'f.sqlite');
    const { F, w, fatima } = await facilitator(file);
    const state = { text: 'Les associations demandent une aide juridique…', targets: ['I.e'], participantId: fatima.id, organisation: '' };
    expect((await invoke(F.handlers, 'saveCaptureDraft', { workshopId: w.id, state })).updatedAt).not.toBeNull();
    F.close();
    const again = createServices(file);
    try {
      expect((await invoke(again.handlers, 'getCaptureDraft', { workshopId: w.id }))!.state).toEqual(state);
      await invoke(again.handlers, 'addContribution', { workshopId: w.id, targets: state.targets, content: textToDoc(state.text), participantId: fatima.id, clearCapture: true });
      expect(await invoke(again.handlers, 'getCaptureDraft', { workshopId: w.id })).toBeNull();
      await invoke(again.handlers, 'saveCaptureDraft', { workshopId: w.id, state: { ...state, text: 'x' } });
      await invoke(again.handlers, 'saveCaptureDraft', { workshopId: w.id, state: { text: '  ', targets: [], participantId: null, organisation: '' } });
      expect(await invoke(again.handlers, 'getCaptureDraft', { workshopId: w.id })).toBeNull();
    } finally {
      again.close();
    }
  });
});

describe('captured contributions: edit and delete, with history', () => {
  it('before any export: edited and deleted freely, the earlier text kept, every change in the audit log', async () => {
    const { F, w, fatima } = await facilitator();
    const c = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Legal aid is mising.'), participantId: fatima.id });
    const e = await invoke(F.handlers, 'updateContribution', { contributionId: c.id, content: textToDoc('Legal aid is missing.'), targets: ['I.e', 'II.a'] });
    expect(e).toMatchObject({ text: 'Legal aid is missing.', targets: ['I.e', 'II.a'] });
    expect(e.updatedAt).not.toBeNull();
    const h = await invoke(F.handlers, 'contributionHistory', { contributionId: c.id });
    expect(h).toMatchObject([{ action: 'edit', oldText: 'Legal aid is mising.', oldTargets: ['I.e'], byName: 'Youssef Alaoui', afterBundleId: null }]);
    const before = storeSnapshot(F);
    await expect(invoke(F.handlers, 'updateContribution', { contributionId: c.id, content: textToDoc('  ') })).rejects.toThrow(/empty; delete it instead/);
    await expect(invoke(F.handlers, 'updateContribution', { contributionId: c.id, targets: ['IX.z'] })).rejects.toThrow();
    expect(storeSnapshot(F)).toBe(before);
    await invoke(F.handlers, 'deleteContribution', { contributionId: c.id });
    expect((await invoke(F.handlers, 'getWorkshop', { workshopId: w.id })).contributions).toEqual([]);
    expect((await invoke(F.handlers, 'contributionHistory', { contributionId: c.id })).map((x) => x.action)).toEqual(['edit', 'delete']);
    await expect(invoke(F.handlers, 'updateContribution', { contributionId: c.id, organisation: 'X' })).rejects.toThrow(/no contribution/);
    const log = (F.store.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'contribution.%' ORDER BY at").all() as Array<{ action: string }>).map((r) => r.action);
    expect(log).toEqual(['contribution.edit', 'contribution.delete']);
  });

  it('after an export: refused without confirmation; confirmed, recorded with the bundle; deleted ones leave the next bundle', async () => {
    const dir = tempDir();
    const { F, w, fatima } = await facilitator();
    const c1 = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('First.'), participantId: fatima.id });
    const c2 = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['II.a'], content: textToDoc('Second, to delete.'), organisation: 'UMT' });
    const b1 = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'w1.gcmr') });
    const before = storeSnapshot(F);
    await expect(invoke(F.handlers, 'updateContribution', { contributionId: c1.id, content: textToDoc('First, corrected.') })).rejects.toThrow(new RegExp(`already travelled in bundle ${b1.bundleId}.*confirm`));
    await expect(invoke(F.handlers, 'deleteContribution', { contributionId: c2.id })).rejects.toThrow(/already travelled/);
    expect(storeSnapshot(F)).toBe(before);
    await invoke(F.handlers, 'updateContribution', { contributionId: c1.id, content: textToDoc('First, corrected.'), confirmAfterExport: true });
    await invoke(F.handlers, 'deleteContribution', { contributionId: c2.id, confirmAfterExport: true });
    expect((await invoke(F.handlers, 'contributionHistory', { contributionId: c1.id }))[0]).toMatchObject({ action: 'edit', oldText: 'First.', afterBundleId: b1.bundleId });
    const log = F.store.db.prepare("SELECT action, reason FROM audit_log WHERE action LIKE 'contribution.%' ORDER BY at").all() as Array<{ action: string; reason: string }>;
    expect(log.map((r) => r.action)).toEqual(['contribution.edit-after-export', 'contribution.delete-after-export']);
    expect(log[0]!.reason).toMatch(new RegExp(`bundle ${b1.bundleId}; export the workshop again`));
    const b2 = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'w2.gcmr') });
    const payload = JSON.parse(unzipText(b2.file, 'contributions.json')) as { contributions: Array<{ id: string; content: unknown }> };
    expect(payload.contributions.map((c) => c.id)).toEqual([c1.id]);
    expect(JSON.stringify(payload.contributions[0]!.content)).toContain('First, corrected.');
  });
});

describe('participants', () => {
  it('details are edited; consent withdrawn: the name leaves the next bundle, and the bundles that carried it are listed', async () => {
    const dir = tempDir();
    const { F, w, fatima } = await facilitator();
    await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Consulted.'), participantId: fatima.id });
    const b1 = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'before.gcmr') });
    expect(unzipText(b1.file, 'contributions.json')).toContain('Fatima Zahra');

    const edited = await invoke(F.handlers, 'updateParticipant', { participantId: fatima.id, organisation: 'Association Oujda Ain Ghazal', kind: 'migrant_association' });
    expect(edited).toMatchObject({ organisation: 'Association Oujda Ain Ghazal', kind: 'migrant_association', consentToName: true, consentWithdrawnAt: null });
    const withdrawn = await invoke(F.handlers, 'updateParticipant', { participantId: fatima.id, consentToName: false });
    expect(withdrawn.consentToName).toBe(false);
    expect(withdrawn.consentWithdrawnAt).not.toBeNull();
    expect(withdrawn.nameCarriedIn).toEqual([{ bundleId: b1.bundleId, createdAt: expect.any(String), file: b1.file }]);

    const b2 = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'after.gcmr') });
    const after = unzipText(b2.file, 'contributions.json');
    expect(after).not.toContain('Fatima');
    expect(JSON.parse(after).participants[0]).toMatchObject({ id: fatima.id, name: null, consentToName: false, organisation: 'Association Oujda Ain Ghazal' });
    // every file of the bundle, not only the payload
    const x = path.join(dir, 'x');
    execFileSync('unzip', ['-q', '-d', x, b2.file]);
    for (const f of fs.readdirSync(x)) expect(fs.readFileSync(path.join(x, f), 'latin1'), f).not.toContain('Fatima');
    expect((await invoke(F.handlers, 'getWorkshop', { workshopId: w.id })).participants[0]!.nameCarriedIn.map((b) => b.bundleId)).toEqual([b1.bundleId]);
    const actions = (F.store.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'participant.%' ORDER BY at").all() as Array<{ action: string }>).map((r) => r.action);
    expect(actions).toEqual(['participant.add', 'participant.edit', 'participant.consent-withdrawn']);
    await expect(invoke(F.handlers, 'updateParticipant', { participantId: fatima.id, name: '  ' })).rejects.toThrow(/name is required/);
  });
});

describe('a new export reaches the ministry', () => {
  it('edits made after an export update the contributions still waiting there (earlier text kept); decided ones stay; a withdrawn consent hides the name', async () => {
    const dir = tempDir();
    const { F, w, fatima } = await facilitator();
    const c1 = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Legal aid is mising.'), participantId: fatima.id });
    const c2 = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['II.a'], content: textToDoc('Shelters are few.'), organisation: 'UMT' });
    const b1 = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'w1.gcmr') });
    const M = makeServices();
    await invoke(M.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
    const master = (await invoke(M.handlers, 'createDraft', { title: 'Master' })).id;
    await invoke(M.handlers, 'importBundleInto', { file: b1.file, draftId: master, acceptUnknownSigner: true });
    await invoke(M.handlers, 'dismissContribution', { contributionId: c2.id, reason: 'Out of scope.' });

    await invoke(F.handlers, 'updateContribution', { contributionId: c1.id, content: textToDoc('Legal aid is missing.'), confirmAfterExport: true });
    await invoke(F.handlers, 'updateContribution', { contributionId: c2.id, content: textToDoc('Shelters are too few.'), confirmAfterExport: true });
    await invoke(F.handlers, 'updateParticipant', { participantId: fatima.id, consentToName: false });
    const b2 = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'w2.gcmr') });
    const r = await invoke(M.handlers, 'importBundleInto', { file: b2.file, draftId: master, acceptUnknownSigner: true });
    expect(r.message).toMatch(/1 edited there since, updated here .*; 1 edited there after a decision here, kept as decided; 1 participant withdrew consent/);
    // the same, as counts the interface words in its language (exchange.importInto.contributions)
    expect(r.contributions).toMatchObject({ workshop: w.title, date: w.date, place: w.place, added: 0, updated: 1, keptDecided: 1, withdrawn: 1, alreadyHere: 0 });
    expect(r.contributions!.from).toMatch(/\(.+\)$/);
    const [one] = await invoke(M.handlers, 'listContributions', { draftId: master, field: 'I.e' });
    expect(one).toMatchObject({ text: 'Legal aid is missing.', provenance: { source: 'Association Ain Ghazal', participantName: null } });
    expect((await invoke(M.handlers, 'contributionHistory', { contributionId: c1.id }))[0]).toMatchObject({ oldText: 'Legal aid is mising.', afterBundleId: b2.bundleId });
    expect((await invoke(M.handlers, 'listContributions', { draftId: master, field: 'II.a' }))[0]!.text).toBe('Shelters are few.');
    // the later text of the one decided here is not applied, but not lost either: the audit log keeps it beside the decided one (was: nowhere)
    const later = (await invoke(M.handlers, 'auditLog', { draftId: master })).filter((e) => e.action === 'contribution.later-after-decision');
    expect(later).toEqual([expect.objectContaining({ target: `contribution ${c2.id}`, old: 'Shelters are few.', new: 'Shelters are too few.', why: `bundle ${b2.bundleId}` })]);
    // the same bundle again: nothing left to apply
    await expect(invoke(M.handlers, 'importBundleInto', { file: b2.file, draftId: master, acceptUnknownSigner: true })).rejects.toThrow(/already imported/);
    // a later export carries that text again: kept once
    const b3 = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'w3.gcmr') });
    expect((await invoke(M.handlers, 'importBundleInto', { file: b3.file, draftId: master, acceptUnknownSigner: true })).contributions).toMatchObject({ keptDecided: 1 });
    expect((await invoke(M.handlers, 'auditLog', { draftId: master })).filter((e) => e.action === 'contribution.later-after-decision')).toHaveLength(1);
  });
});
