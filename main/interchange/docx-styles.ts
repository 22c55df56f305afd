/**
 * What styles.xml says about a style, through the styles it is based on (w:basedOn; the nearest
 * style that says something wins, loops are cut): the automatic numbering a paragraph style gives
 * its paragraphs (w:numPr) and whether a style hides its text (w:vanish, on or explicitly off).
 * Pure: the part's XML text in.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';

interface Style {
  basedOn?: string;
  numId?: string;
  ilvl?: number;
  /** w:vanish in the style's run properties: true (on), false (explicitly off) */
  vanish?: boolean;
}

/** A WordprocessingML element's attribute, with or without its w: prefix. */
export const attr = (el: Element | null | undefined, name: string) => el?.attribs[name] ?? el?.attribs[name.replace(/^w:/, '')];
/** An element's first child element of that name. */
export const child = (el: Element | undefined, name: string) => el?.children.find((c): c is Element => c.type === 'tag' && c.name === name);
/** An on/off property's value: present with no w:val, or any value but 0/false/off, is on. */
export const isOn = (val: string | undefined) => val === undefined || !/^(?:0|false|off)$/.test(val);

export class DocxStyles {
  private styles = new Map<string, Style>();

  constructor(xml: string | undefined) {
    if (!xml) return;
    for (const s of DomUtils.getElementsByTagName('w:style', parseDocument(xml, { xmlMode: true }))) {
      const numPr = child(child(s, 'w:pPr'), 'w:numPr');
      const numId = attr(child(numPr, 'w:numId'), 'w:val');
      const ilvl = attr(child(numPr, 'w:ilvl'), 'w:val');
      const basedOn = attr(child(s, 'w:basedOn'), 'w:val');
      const vanish = child(child(s, 'w:rPr'), 'w:vanish');
      this.styles.set(attr(s, 'w:styleId') ?? '', {
        ...(basedOn ? { basedOn } : {}),
        ...(numId ? { numId } : {}),
        ...(ilvl ? { ilvl: Number(ilvl) } : {}),
        ...(vanish ? { vanish: isOn(attr(vanish, 'w:val')) } : {}),
      });
    }
  }

  /** The style and those it is based on, nearest first. */
  private *chain(id: string | undefined): Generator<Style> {
    const seen = new Set<string>();
    while (id && !seen.has(id)) {
      seen.add(id);
      const s = this.styles.get(id);
      if (!s) return;
      yield s;
      id = s.basedOn;
    }
  }

  /** The num (and level) a paragraph style numbers its paragraphs with. */
  numbering(id: string | undefined): { numId?: string; ilvl?: number } {
    let numId: string | undefined;
    let ilvl: number | undefined;
    for (const s of this.chain(id)) {
      numId ??= s.numId;
      ilvl ??= s.ilvl;
    }
    return { ...(numId ? { numId } : {}), ...(ilvl !== undefined ? { ilvl } : {}) };
  }

  /** The num a numbering style (a list style) points to. */
  num(id: string): string | undefined {
    return this.styles.get(id)?.numId;
  }

  /** Whether a style hides its text (true), shows it explicitly (false), or says nothing (undefined). */
  hides(id: string | undefined): boolean | undefined {
    for (const s of this.chain(id)) if (s.vanish !== undefined) return s.vanish;
    return undefined;
  }

  /** Whether any style hides its text. */
  get hidesAny(): boolean {
    return [...this.styles.values()].some((s) => s.vanish);
  }
}
