import { expect, openQuestion, paste, test, waitSaved, withDraft } from './fixtures';

const WEB_PAGE = `<html><head><style>p { color: red }</style><meta charset="utf-8"></head><body>
<h1 style="font-size:32px" class="title">Annual report</h1>
<p style="color:#c00;font-family:Comic Sans MS" class="lead">Migration governance <b>improved</b> in <i>2019</i>, see <a href="https://example.org/report" style="color:green">the report</a>.</p>
<table border="1"><tr><th>Indicator</th><td>Value</td></tr></table>
<blockquote>Quoted text</blockquote><pre><code>code()</code></pre><hr><img src="data:image/png;base64,iVBORw0KGgo=" alt="chart">
<ul style="list-style:square"><li>Level one<ul><li>Level two<ol><li>Level three</li></ol></li></ul></li></ul>
<p dir="rtl" style="text-align:right">فقرة عربية</p></body></html>`;

const WORD = `<p class=MsoNormal style='margin-bottom:0cm'>From Word<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>First point<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='margin-left:72.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Sub point<o:p></o:p></p>`;

test('pasting from a web page or Word keeps paragraphs, lists and tables and drops everything else', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'II.a');
  await page.locator('.answer-editor').click();
  await paste(page, WEB_PAGE);
  await page.keyboard.press('Enter');
  await paste(page, WORD);
  await waitSaved(page);

  const editor = page.locator('.answer-editor');
  // Only the model's elements remain, without styles or classes.
  const tags = await editor.evaluate((el) => [...new Set([...el.querySelectorAll('*')].map((n) => n.tagName.toLowerCase()))].sort());
  expect(tags.every((t) => ['p', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'br', 'table', 'tbody', 'tr', 'td', 'th', 'colgroup', 'col', 'div'].includes(t)), tags.join(',')).toBe(true);
  // the only div is TipTap's wrapper around a table
  expect(await editor.evaluate((el) => [...el.querySelectorAll('div')].every((d) => d.className === 'tableWrapper'))).toBe(true);
  expect(await editor.evaluate((el) => el.querySelectorAll(':not(table, col, colgroup, div.tableWrapper):is([style], [class])').length)).toBe(0);
  await expect(editor.locator('strong')).toHaveText('improved');
  await expect(editor.locator('em')).toHaveText('2019');
  await expect(editor.locator('a')).toHaveAttribute('href', 'https://example.org/report');
  await expect(editor.locator('> ul > li > ul > li > ol > li')).toHaveText('Level three');
  await expect(editor.locator('> ul', { hasText: 'First point' }).locator('> li > ul > li')).toHaveText('Sub point');
  await expect(editor).not.toContainText('·');

  const got = await app.cliJson<{ text: string }>('answer', 'get', draftId, 'II.a', '--json');
  expect(got.text).toBe(
    [
      'Annual report',
      'Migration governance improved in 2019, see the report.',
      '| --- | --- |\n| Indicator | Value |',
      'Quoted text',
      'code()',
      '- Level one\n  - Level two\n    1. Level three',
      'فقرة عربية',
      'From Word',
      '- First point\n  - Sub point',
    ].join('\n\n'),
  );
  expect(problems).toEqual([]);
});
