import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { invoke } from '../main/dispatch';
import { syncSearchIndex } from '../main/store/revisions';
import { normaliseForSearch } from '../main/store/search-text';
import { textToDoc } from '../shared/plaintext';
import { makeServices, tempDir } from './helpers';

/**
 * What an Arabic- or French-speaking official types into search, against what the answers hold:
 * the same word written the other usual way must be found, and its words marked as written.
 */
async function answersStore(texts: Record<string, string>) {
  const s = makeServices();
  const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
  for (const [field, text] of Object.entries(texts)) {
    await invoke(s.handlers, 'saveField', { draftId: d.id, field, value: { kind: 'answer', doc: textToDoc(text) }, baseRevisionId: null });
  }
  /** The fields a query finds, sorted, and what each result marks. */
  return async (query: string) => {
    const { hits } = await invoke(s.handlers, 'search', { query });
    return Object.fromEntries(hits.map((h) => [h.field, h.context!.parts.filter((p) => p.hit).map((p) => p.text)]));
  };
}

describe('search in Arabic and French: the same word however it is written', () => {
  it('finds an Arabic word with or without the definite article and its prepositions', async () => {
    const search = await answersStore({
      'I.a': 'تم اعتماد الاستراتيجية الوطنية للهجرة واللجوء.',
      'I.b': 'أنشئت لجنة وطنية معنية بالهجرة.',
      'I.c': 'قضايا الهجرة غير النظامية.',
      'I.d': 'هجرة اليد العاملة.',
      'II.a': 'تعزيز التعاون الدولي.',
      'II.b': 'يتم التنسيق شهريا.',
    });
    expect(await search('هجرة')).toEqual({ 'I.a': ['للهجرة'], 'I.b': ['بالهجرة'], 'I.c': ['الهجرة'], 'I.d': ['هجرة'] });
    expect(await search('الهجرة')).toEqual({ 'I.a': ['للهجرة'], 'I.b': ['بالهجرة'], 'I.c': ['الهجرة'], 'I.d': ['هجرة'] });
    expect(await search('اللجوء')).toEqual({ 'I.a': ['واللجوء'] });
    // a word whose own letters start with alef-lam (التعاون is al + تعاون; التزام is iltizam)
    expect(await search('تعاون')).toEqual({ 'II.a': ['التعاون'] });
    // short words keep their letters: "الى" is not al + ى (which would find يتم)
    expect(await search('الى')).toEqual({ 'I.d': ['اليد'] });
  });

  it('finds a word whose own letters begin with alef-lam, with or without the article', async () => {
    const search = await answersStore({ 'I.a': 'الالتزام بالمعايير.', 'I.b': 'التزام الدولة.' });
    expect(await search('التزام')).toEqual({ 'I.a': ['الالتزام'], 'I.b': ['التزام'] });
    expect(await search('الالتزام')).toEqual({ 'I.a': ['الالتزام'], 'I.b': ['التزام'] });
  });

  it('finds مسؤولية written مسئولية (the hamza on its other carrier), and back', async () => {
    const search = await answersStore({ 'I.a': 'تقع المسؤولية على الوزارة.', 'I.b': 'مسئولية مشتركة.' });
    expect(await search('مسؤولية')).toEqual({ 'I.a': ['المسؤولية'], 'I.b': ['مسئولية'] });
    expect(await search('مسئولية')).toEqual({ 'I.a': ['المسؤولية'], 'I.b': ['مسئولية'] });
  });

  it('finds numbers in Western, Arabic-Indic and Eastern Arabic-Indic digits alike', async () => {
    const search = await answersStore({ 'I.a': 'القانون رقم 02.03 لسنة 2003.', 'I.b': 'صدر في سنة ٢٠٢١.', 'I.c': 'در سال ۲۰۲۱.' });
    expect(await search('2021')).toEqual({ 'I.b': ['٢٠٢١'], 'I.c': ['۲۰۲۱'] });
    expect(await search('٢٠٠٣')).toEqual({ 'I.a': ['2003'] });
    expect(await search('۲۰۲۱')).toEqual({ 'I.b': ['٢٠٢١'], 'I.c': ['۲۰۲۱'] });
  });

  it('finds Arabic words typed with the Persian or Urdu yeh and keheh (ی ک)', async () => {
    const search = await answersStore({ 'I.a': 'الوكالة الوطنية للتشغيل.', 'I.b': 'وکالة التشغیل.' });
    expect(await search('وكالة')).toEqual({ 'I.a': ['الوكالة'], 'I.b': ['وکالة'] });
    expect(await search('التشغیل')).toEqual({ 'I.a': ['للتشغيل'], 'I.b': ['التشغیل'] });
  });

  it('finds French words written with or without the œ and æ ligatures', async () => {
    const search = await answersStore({ 'I.a': 'La mise en œuvre du Pacte.', 'I.b': 'Mise en oeuvre nationale.', 'I.c': 'Le curriculum vitæ.' });
    expect(await search('mise en oeuvre')).toEqual({ 'I.a': ['mise', 'en', 'œuvre'], 'I.b': ['Mise', 'en', 'oeuvre'] });
    expect(await search('ŒUVRE')).toEqual({ 'I.a': ['œuvre'], 'I.b': ['oeuvre'] });
    expect(await search('vitae')).toEqual({ 'I.c': ['vitæ'] });
  });

  it('finds French words after an elision, with a straight or a typographic apostrophe', async () => {
    const search = await answersStore({ 'I.a': 'Pour l’intégration des migrants.', 'I.b': "L'intégration locale." });
    expect(await search('integration')).toEqual({ 'I.a': ['intégration'], 'I.b': ['intégration'] });
    expect(await search("l'intégration")).toEqual({ 'I.a': ['intégration'], 'I.b': ['intégration'] });
    expect(await search('l’integration')).toEqual({ 'I.a': ['intégration'], 'I.b': ['intégration'] });
  });
});

describe('a store indexed by an earlier rule', () => {
  it('is indexed again when opened, so its answers are found by the new rule', async () => {
    const file = path.join(tempDir(), 'store.sqlite');
    const before = makeServices(file);
    const d = await invoke(before.handlers, 'createDraft', { title: 'Review' });
    await invoke(before.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc('قضايا الهجرة في سنة ٢٠٢١.') }, baseRevisionId: null });
    syncSearchIndex(before.store);
    // as the app before this rule left it: the text's normalised characters only, no rule recorded
    const db = before.store.db;
    const rowid = db.prepare("SELECT rowid FROM answers WHERE field = 'I.a'").pluck().get() as number;
    before.store.tx(() => {
      db.prepare('DELETE FROM answers_fts WHERE rowid = ?').run(rowid);
      db.prepare('INSERT INTO answers_fts (rowid, text, shown) VALUES (?, ?, ?)').run(rowid, normaliseForSearch('قضايا الهجره في سنه ٢٠٢١.').replace(/2021/, '٢٠٢١'), 'قضايا الهجرة في سنة ٢٠٢١.');
      db.prepare("DELETE FROM settings WHERE key = 'search.wordsVersion'").run();
    });
    expect((await invoke(before.handlers, 'search', { query: 'هجرة' })).hits).toEqual([]);
    before.close();

    const after = makeServices(file);
    const { hits, pendingAnswers } = await invoke(after.handlers, 'search', { query: 'هجرة 2021' });
    expect(pendingAnswers).toBe(0);
    expect(hits.map((h) => [h.field, h.context!.parts.filter((p) => p.hit).map((p) => p.text)])).toEqual([['I.a', ['الهجرة', '٢٠٢١']]]);
  });
});

describe('search through the invisible characters Word and PDF text put in words', () => {
  it('finds words and numbers wrapped in bidi marks, embeddings or isolates, and words with soft hyphens or zero-width characters', async () => {
    const search = await answersStore({
      // Word's LRM/RLM around a Latin number in Arabic; pdftotext's embeddings (LRE … PDF)
      'I.a': 'صدر القانون رقم \u200e02.03\u200e سنة \u202a2003\u202c.',
      'I.b': '\u202bتنسق وزارة الداخلية\u202c مع \u2066OIM\u2069.',
      // a soft hyphen (Word's optional hyphen) and a zero-width space inside French words
      'I.c': 'La mi\u00adgration de travail et l’inté\u200bgration.',
      // Arabic letter mark, zero-width non-joiner, byte order mark
      'I.d': '\u061cالهجرة \ufeffالدولية وال\u200cتنمية.',
    });
    expect(await search('02.03')).toEqual({ 'I.a': ['02', '03'] });
    expect(await search('2003')).toEqual({ 'I.a': ['2003'] });
    expect(await search('تنسق OIM')).toEqual({ 'I.b': ['تنسق', 'OIM'] });
    expect(await search('migration integration')).toEqual({ 'I.c': ['mi\u00adgration', 'inté\u200bgration'] });
    expect(await search('الدولية')).toEqual({ 'I.d': ['الدولية'] });
    expect(await search('والتنمية')).toEqual({ 'I.d': ['وال\u200cتنمية'] });
  });
});
