import { expect, openQuestion, paste, test, waitSaved, withDraft } from './fixtures';

/** What Word puts on the clipboard for a paragraph with underline and a footnote, a table, and the footnote list. */
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><head><style>p.MsoNormal{margin:0}</style></head><body lang=FR>
<!--StartFragment--><p class=MsoNormal>Chiffres<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1" title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference><span style='font-size:11.0pt;font-family:"Calibri",sans-serif'>[1]</span></span><![endif]></span></span></a> <u>vérifiés</u> des régularisations.</p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184'>
 <thead><tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'><td width=302 valign=top style='border:solid windowtext 1.0pt'><p class=MsoNormal><b>Année</b></p></td><td width=302 valign=top><p class=MsoNormal><b>Régularisations</b></p></td></tr></thead>
 <tr style='mso-yfti-irow:1'><td width=302 valign=top><p class=MsoNormal>2014</p></td><td width=302 valign=top><p class=MsoNormal>18 000</p></td></tr>
 <tr style='mso-yfti-irow:2;mso-yfti-lastrow:yes'><td width=302 valign=top><p class=MsoNormal>2017</p></td><td width=302 valign=top><p class=MsoNormal>28 400</p></td></tr>
</table>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1" title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference>[1]</span><![endif]></span></span></a> Source : ministère de l’Intérieur, 2018.</p></div></div><!--EndFragment-->
</body></html>`;

const NOTICE = { en: /1 footnote: it is kept as text/, fr: /1 note de bas de page\u00a0: elle est conservée comme texte/, ar: /حاشية واحدة: حُفظت نصًا/ } as const;

for (const lang of ['en', 'fr', 'ar'] as const)
  test(`pasting from Word keeps a table as a table, underline, and footnotes as text with a notice (${lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    await page.goto(app.url);
    if (lang !== 'en') await page.getByLabel('Language').selectOption(lang);
    await openQuestion(page, app, draftId, 'II.c');
    await page.locator('.answer-editor').click();
    await paste(page, WORD);
    const editor = page.locator('.answer-editor');
    await expect(editor.locator('table tr')).toHaveCount(3);
    await expect(editor.locator('table th')).toHaveText(['Année', 'Régularisations']);
    await expect(editor.locator('u')).toHaveText('vérifiés');
    await expect(page.locator('.paste-notice')).toHaveText(NOTICE[lang]);
    await waitSaved(page);
    const got = await app.cliJson<{ text: string; value: { doc: unknown } }>('answer', 'get', draftId, 'II.c', '--json');
    expect(got.text).toBe(
      ['Chiffres[1] vérifiés des régularisations.', '| Année | Régularisations |\n| --- | --- |\n| 2014 | 18 000 |\n| 2017 | 28 400 |', '[1] Source : ministère de l’Intérieur, 2018.'].join('\n\n'),
    );
    expect(JSON.stringify(got.value.doc)).toContain('{"type":"text","text":"vérifiés","marks":[{"type":"underline"}]}');
    expect(problems).toEqual([]);
  });
