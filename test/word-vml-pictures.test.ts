/**
 * Pictures drawn in VML (w:pict > v:shape > v:imagedata, alone or in a v:group), as Word 2003-2007,
 * older converters and Word's own fallback for a group write them: each picture becomes an
 * attachment of its question with its alt text (the shape's alt, else the picture's title, else the
 * group's), as the DrawingML path does; text boxes in the same group stay text, in drawing order.
 */
import { describe, expect, it } from 'vitest';
import { para, run, textPara } from './word/ooxml-parts';
import { png } from './word/render-docx';
import { DRAWING_NS, answers, readOoxml as read, section } from './word/read';

const NS = `${DRAWING_NS} xmlns:o="urn:schemas-microsoft-com:office:office"`;
const media = { rIdImg1: png(), rIdImg2: png() };
const pict = (inner: string) => `<w:r><w:pict>${inner}</w:pict></w:r>`;
const shape = (attrs: string, imagedata: string) => `<v:shape id="_x0000_s1" type="#_x0000_t75" style="width:120pt;height:80pt"${attrs}>${imagedata}</v:shape>`;
const box = (t: string) => `<v:shape id="_x0000_s9" type="#_x0000_t202"><v:textbox><w:txbxContent>${textPara(t)}</w:txbxContent></v:textbox></v:shape>`;

describe('VML pictures', () => {
  it('reads the alt text of a lone VML picture: the shape\'s alt, else the picture\'s o:title (en, fr, ar)', async () => {
    const r = await read({
      namespaces: NS,
      media,
      body: section('I', [
        ['I.a', para(run('Our offices:') + pict(shape(' alt="Map of the regional offices"', '<v:imagedata r:id="rIdImg1" o:title=""/>')))],
        ['I.b', para(run('Organigramme :') + pict(shape('', '<v:imagedata r:id="rIdImg2" o:title="Organigramme du comité"/>')))],
        ['I.c', para(run('الهيكل:') + pict(shape(' o:title="" alt="خريطة المكاتب الجهوية"', '<v:imagedata r:id="rIdImg1"/>')))],
      ]),
    });
    expect(answers(r)).toEqual({
      'I.a': 'Our offices: [Picture 1: Map of the regional offices]',
      'I.b': 'Organigramme : [Picture 2: Organigramme du comité]',
      'I.c': 'الهيكل: [Picture 3: خريطة المكاتب الجهوية]',
    });
    expect(r.pictures.map((p) => [p.alt, p.name, p.contentType])).toEqual([
      ['Map of the regional offices', 'Map of the regional offices.png', 'image/png'],
      ['Organigramme du comité', 'Organigramme du comité.png', 'image/png'],
      ['خريطة المكاتب الجهوية', 'خريطة المكاتب الجهوية.png', 'image/png'],
    ]);
  });

  it('reads a v:group of a picture and a text box: the picture with its alt (or the group\'s), the text box as text, in order', async () => {
    const group = (attrs: string, inner: string) => `<v:group id="_x0000_s5" style="width:300pt;height:100pt" coordsize="300,100"${attrs}>${inner}</v:group>`;
    const r = await read({
      namespaces: NS,
      media,
      body: section('I', [
        ['I.a', para(run('Our offices:') + pict(group('', shape(' alt="Map of the regional offices"', '<v:imagedata r:id="rIdImg1" o:title="map"/>') + box('Twelve regional offices opened in 2019.'))))],
        ['I.b', para(run('Chart:') + pict(group(' alt="Returns by year, 2015-2020"', box('Returns in 2020.') + shape('', '<v:imagedata r:id="rIdImg2"/>'))))],
      ]),
    });
    expect(answers(r)).toEqual({
      'I.a': 'Our offices: [Picture 1: Map of the regional offices]\n\nTwelve regional offices opened in 2019.',
      'I.b': 'Chart: [Picture 2: Returns by year, 2015-2020]\n\nReturns in 2020.',
    });
    expect(r.pictures.map((p) => p.alt)).toEqual(['Map of the regional offices', 'Returns by year, 2015-2020']);
    expect(r.unplaced).toEqual([]);
  });

  it('leaves a VML shape without a picture (a line, a rectangle) and an embedded object\'s preview as they were', async () => {
    const r = await read({
      namespaces: NS,
      media,
      body: section('I', [['I.a', para(run('Before.') + pict('<v:line from="0,0" to="100,0"/>') + run(' After.'))]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Before. After.' });
    expect(r.pictures).toEqual([]);
  });
});
