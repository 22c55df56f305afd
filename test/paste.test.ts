import { describe, expect, it } from 'vitest';
import { analysePaste, cleanPastedHtml } from '../renderer/src/editor/paste';
import type { Doc } from '../shared/doc';

describe('pasted HTML cleaning', () => {
  it('keeps paragraphs, lists, tables, bold, italic and safe links; drops styles, classes, headings, images', () => {
    const html = `<html><head><style>p{color:red}</style></head><body>
      <h1 class="title" style="font-size:40px">Report</h1>
      <p class="x" style="color:red" id="p1">First <b>bold</b> and <i>italic</i> and <a href="https://iom.int" onclick="x()">a link</a>
      and <a href="javascript:alert(1)">bad</a>.</p>
      <table><tr><td>cell one</td><td><p>cell two</p></td></tr></table>
      <img src="x.png"><script>alert(1)</script>
      <ul style="margin:0"><li>one<ul><li>two<ol><li>three</li></ol></li></ul></li></ul>
    </body></html>`;
    const out = cleanPastedHtml(html);
    expect(out).not.toMatch(/style=|class=|id=|onclick|<h1|<img|<script|javascript/);
    expect(out).toContain('<p>Report</p>');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<em>italic</em>');
    expect(out).toContain('<a href="https://iom.int">a link</a>');
    expect(out).toContain('<table><tbody><tr><td><p>cell one</p></td><td><p>cell two</p></td></tr></tbody></table>');
    expect(out).toContain('<ul><li><p>one</p><ul><li><p>two</p><ol><li><p>three</p></li></ol></li></ul></li></ul>');
  });

  it('turns Word list paragraphs into real nested lists', () => {
    const word = `<p class=MsoNormal>Intro<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Ministry of Labour<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='mso-list:l0 level2 lfo1'><span style='mso-list:Ignore'>o<span>&nbsp; </span></span>Employment department</p>
<p class=MsoListParagraphCxSpMiddle style='mso-list:l0 level3 lfo1'><span style='mso-list:Ignore'>1.<span>&nbsp; </span></span>Inspection unit</p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span>&nbsp; </span></span>Ministry of Interior</p>
<p class=MsoNormal><span style='font-weight:bold'>Bold</span> after</p>`;
    expect(cleanPastedHtml(word)).toBe(
      '<p>Intro</p><ul><li><p>Ministry of Labour</p><ul><li><p>Employment department</p><ol><li><p>Inspection unit</p></li></ol></li></ul></li><li><p>Ministry of Interior</p></li></ul><p><strong>Bold</strong> after</p>',
    );
  });

  it('does not make Google Docs wrapper bold', () => {
    const gd = '<b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr"><span style="font-weight:700">Strong</span> plain</p></b>';
    expect(cleanPastedHtml(gd)).toBe('<p><strong>Strong</strong> plain</p>');
  });

  it('keeps a Word table as a table (header cells, spans, lists in cells), flattens a table inside it, keeps underline', () => {
    const word = `<p class=MsoNormal><u>Souligné</u>, <span style='text-decoration:underline'>aussi</span>, <span style="text-decoration: none">pas</span></p>
<table class=MsoTableGrid border=1><thead><tr><th>Année</th><th>Régularisations</th></tr></thead>
<tr><td><p class=MsoNormal>2014</p></td><td><p class=MsoNormal>18 000</p><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span> </span></span>première campagne</p></td></tr>
<tr><td colspan=2 rowspan=1><table><tr><td>imbriqué</td><td>aussi</td></tr></table></td></tr></table>
<ul><li>item<table><tr><td>dans une liste</td></tr></table></li></ul>`;
    expect(cleanPastedHtml(word)).toBe(
      '<p><u>Souligné</u>, <u>aussi</u>, pas</p>' +
        '<table><tbody><tr><th><p>Année</p></th><th><p>Régularisations</p></th></tr><tr><td><p>2014</p></td><td><p>18 000</p><ul><li><p>première campagne</p></li></ul></td></tr><tr><td colspan="2"><p>imbriqué</p><p>aussi</p></td></tr></tbody></table>' +
        '<ul><li><p>item</p><p>dans une liste</p></li></ul>',
    );
  });

  it('keeps Word and LibreOffice footnotes as text: "[n]" in place, "[n] note" at the end, and counts them', () => {
    const word = `<p class=MsoNormal>Chiffres<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1"><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference>[1]</span><![endif]></span></span></a> récents.</p>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1"><span class=MsoFootnoteReference>[1]</span></a> Source : ministère, 2018.</p></div></div>`;
    expect(analysePaste(word)).toEqual({ html: '<p>Chiffres[1] récents.</p><p>[1] Source : ministère, 2018.</p>', footnotes: 1, tables: 0 });
    const lo = `<p>الأرقام<a class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym"><sup>1</sup></a> حديثة.</p><div id="sdfootnote1"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>المصدر: الوزارة.</p></div>`;
    expect(analysePaste(lo)).toEqual({ html: '<p>الأرقام[1] حديثة.</p><p>[1] المصدر: الوزارة.</p>', footnotes: 1, tables: 0 });
  });

  it('escapes text and keeps Arabic', () => {
    expect(cleanPastedHtml('<p dir="rtl" style="text-align:right">الهجرة &lt;script&gt;</p>')).toBe('<p>الهجرة &lt;script&gt;</p>');
  });
});

describe('lists deeper than an answer holds', () => {
  const depthOf = (html: string) => {
    let d = 0;
    let max = 0;
    for (const m of html.matchAll(/<(\/?)(ul|ol)\b/g)) {
      d += m[1] ? -1 : 1;
      max = Math.max(max, d);
    }
    return max;
  };

  it('a pasted HTML list ten levels deep keeps every item, the ninth and tenth as paragraphs of the eighth', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `<ul><li>niveau ${i + 1}`).join('') + Array(10).fill('</li></ul>').join('');
    const { html } = analysePaste(ten);
    expect(depthOf(html)).toBe(8);
    for (let i = 1; i <= 10; i++) expect(html).toContain(`niveau ${i}`);
    expect(html).toContain('<li><p>niveau 8</p><p>niveau 9</p><p>niveau 10</p></li>');
  });

  it("Word's ninth list level (mso-list level9) is written at the eighth, in order", () => {
    const word = Array.from({ length: 9 }, (_, i) => `<p class=MsoListParagraph style='mso-list:l0 level${i + 1} lfo1'><span style='mso-list:Ignore'>-</span>المستوى ${i + 1}</p>`).join('');
    const { html } = analysePaste(word);
    expect(depthOf(html)).toBe(8);
    expect(html.indexOf('المستوى 8')).toBeLessThan(html.indexOf('المستوى 9'));
    expect(html).toMatch(/<li><p>المستوى 8<\/p><\/li><li><p>المستوى 9<\/p>/);
  });
});

describe('tables longer than an answer holds', () => {
  it('1,003 rows: continued in a table of its own, never cut inside a cell spanning rows', () => {
    const rows = Array.from({ length: 1003 }, (_, i) => (i === 997 ? `<tr><td rowspan="4">région ${i + 1}</td><td>b${i + 1}</td><td>c${i + 1}</td></tr>` : i > 997 && i < 1001 ? `<tr><td>b${i + 1}</td><td>c${i + 1}</td></tr>` : `<tr><td>a${i + 1}</td><td>b${i + 1}</td><td>c${i + 1}</td></tr>`));
    const { html } = analysePaste(`<table>${rows.join('')}</table>`);
    const tables = html.split('<table>').slice(1);
    expect(tables).toHaveLength(2);
    expect(tables.map((t) => t.split('<tr>').length - 1)).toEqual([997, 6]);
    expect(tables[1]!.startsWith('<tbody><tr><td rowspan="4"><p>région 998</p></td>')).toBe(true);
    for (const n of [1, 997, 1000, 1003]) expect(html).toContain(`b${n}<`);
  });
});

it('a Word list inside a pasted HTML list seven levels deep adds at most one level', () => {
  const word = [1, 2, 3].map((l) => `<p class=MsoListParagraph style='mso-list:l0 level${l} lfo1'><span style='mso-list:Ignore'>-</span>word ${l}</p>`).join('');
  const html = analysePaste(Array(7).fill('<ul><li>x').join('') + word + Array(7).fill('</li></ul>').join('')).html;
  let d = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)(ul|ol)\b/g)) max = Math.max(max, (d += m[1] ? -1 : 1));
  expect(max).toBe(8);
  for (const l of [1, 2, 3]) expect(html).toContain(`word ${l}`);
});

describe('links in the read-only answer view (DocView)', () => {
  it('draws as links only those the app would open; a mailto: with attach= or a web link with a user name is its text', async () => {
    const { createElement } = await import('react');
    const { renderToStaticMarkup } = await import('react-dom/server');
    const { DocView } = await import('../renderer/src/editor/DocView');
    const links = ['https://iom.int/fr', 'mailto:a@b.org?subject=Revue', 'mailto:a@evil.example?attach=/etc/passwd', 'https://user@evil.example/'];
    const doc: Doc = { type: 'doc', content: [{ type: 'paragraph', content: links.map((href, i) => ({ type: 'text' as const, text: `lien ${i} `, marks: [{ type: 'link' as const, attrs: { href } }] })) }] };
    const html = renderToStaticMarkup(createElement(DocView, { doc }));
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://iom.int/fr', 'mailto:a@b.org?subject=Revue']);
    for (let i = 0; i < links.length; i++) expect(html).toContain(`lien ${i}`);
  });
});
