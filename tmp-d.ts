import { Matcher } from './main/interchange/matcher';
import { ARAB_REGION_2020 } from './shared/template';
const m = new Matcher(ARAB_REGION_2020);
const qs = {
 en: ['Has a coordination mechanism been set up for the review? Which entities are represented in it, and who chairs it?','If a specific mechanism existed, who was in charge of the review?','Which government entities took part in the review process?','Were local authorities (municipalities, town halls) consulted during the review?'],
 ar: ['هل تم إنشاء آلية لتنسيق الاستعراض؟ ما الجهات الممثلة فيها؟ ومن يرأسها؟','إذا كانت هناك آلية محددة، فمن المسؤول عن الاستعراض؟','ما الجهات الحكومية التي شاركت في الاستعراض؟','هل تمت استشارة السلطات المحلية (البلديات ومجالس المدن) في الاستعراض؟'],
 fr: ['Un mécanisme de coordination de l’examen a-t-il été créé ? Quelles entités y sont représentées ? Qui le préside ?','Si un mécanisme spécifique était en place, qui était responsable de l’examen ?','Quelles entités gouvernementales ont participé au processus d’examen ?','Les autorités locales (municipalités, mairies) ont-elles été consultées lors du processus d’examen ?'],
};
for (const [lang, list] of Object.entries(qs)) list.forEach((q, i) => {
  for (const lab of ['', 'abcd'[i] + ') ']) {
    const h = m.identify(lab + q, { sectionId: 'I', markerOptional: true, minConfidence: 0.2 });
    console.log(lang, JSON.stringify(lab), h?.question.id, h?.confidence.toFixed(2), h?.via, h?.score.toFixed(2));
  }
});
