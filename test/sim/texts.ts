/**
 * The simulation's randomness and words: a seeded PRNG (mulberry32, so a failing seed replays
 * exactly) and paragraphs in English, French and Arabic, each carrying a unique token (`q00042`)
 * so that any paragraph can be followed through merges, history, search and the Word export.
 */
export type Lang = 'en' | 'fr' | 'ar';
export const LANGS: Lang[] = ['en', 'fr', 'ar'];

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Another generator derived from this one's state, which draws from it leave untouched. */
  fork(salt: number): Rng {
    return new Rng(this.s ^ salt);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    if (!xs.length) throw new Error('pick from nothing');
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One of the keys, with the given weights. */
  weighted<K extends string>(w: Record<K, number>): K {
    const entries = Object.entries(w) as Array<[K, number]>;
    let x = this.next() * entries.reduce((a, [, n]) => a + n, 0);
    for (const [k, n] of entries) if ((x -= n) < 0) return k;
    return entries[entries.length - 1]![0];
  }
}

const PHRASES: Record<Lang, string[]> = {
  en: ['the national coordination committee met twice', 'regular pathways for workers were widened', 'consular support reached returning migrants'],
  fr: ['le comité national de coordination s’est réuni', 'les voies régulières pour les travailleurs élargies', 'l’appui consulaire aux migrants de retour'],
  ar: ['اجتمعت اللجنة الوطنية للتنسيق مرتين', 'توسيع المسارات النظامية للعمال', 'الدعم القنصلي للمهاجرين العائدين'],
};

const AMENDMENTS: Record<Lang, string[]> = {
  en: ['updated in March', 'with the Interior'],
  fr: ['mis à jour en mars', 'avec l’Intérieur'],
  ar: ['حُدّث في مارس', 'بالتعاون مع الداخلية'],
};

export class Tokens {
  private n = 0;
  constructor(private rng: Rng) {}
  private next(): string {
    return `q${String(++this.n).padStart(5, '0')}`;
  }
  /** A new paragraph with a token never used before. */
  paragraph(lang: Lang): string {
    return `${this.next()} ${this.rng.pick(PHRASES[lang])}`;
  }
  /** Words added to the end of a paragraph (an edit inside it: the paragraph keeps its own token). */
  amendment(lang: Lang): string {
    return ` ${this.rng.pick(AMENDMENTS[lang])} ${this.next()}`;
  }
}

export const tokensOf = (text: string): Set<string> => new Set(text.match(/q\d{5}/g) ?? []);
export const paragraphsOf = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');
export const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x));
