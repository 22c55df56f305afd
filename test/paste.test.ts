import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from '../renderer/src/editor/paste';

describe('pasted HTML cleaning', () => {
  it('keeps paragraphs, lists, bold, italic and safe links; drops styles, classes, headings, tables, images', () => {
    const html = `<html><head><style>p{color:red}</style></head><body>
      <h1 class="title" style="font-size:40px">Report</h1>
      <p class="x" style="color:red" id="p1">First <b>bold</b> and <i>italic</i> and <a href="https://iom.int" onclick="x()">a link</a>
      and <a href="javascript:alert(1)">bad</a>.</p>
      <table><tr><td>cell one</td><td><p>cell two</p></td></tr></table>
      <img src="x.png"><script>alert(1)</script>
      <ul style="margin:0"><li>one<ul><li>two<ol><li>three</li></ol></li></ul></li></ul>
    </body></html>`;
    const out = cleanPastedHtml(html);
    expect(out).not.toMatch(/style=|class=|id=|onclick|<h1|<table|<td|<img|<script|javascript/);
    expect(out).toContain('<p>Report</p>');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<em>italic</em>');
    expect(out).toContain('<a href="https://iom.int">a link</a>');
    expect(out).toContain('<p>cell one</p><p>cell two</p>');
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

  it('escapes text and keeps Arabic', () => {
    expect(cleanPastedHtml('<p dir="rtl" style="text-align:right">الهجرة &lt;script&gt;</p>')).toBe('<p>الهجرة &lt;script&gt;</p>');
  });
});
