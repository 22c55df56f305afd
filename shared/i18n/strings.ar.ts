/** Every interface string in Arabic, one object (the renderer loads one language's module: issue 13). */
import ar from './ar.json';
import consAr from './consolidation.ar.json';
import exAr from './exchange.ar.json';
import deskAr from './desktop.ar.json';
import langAr from './language.ar.json';
import msgAr from './messages.ar.json';
import fileKindAr from './file-kind.ar.json';
import wordAr from './word.ar.json';
import delAr from './delivery.ar.json';
import safeAr from './safety.ar.json';
import histAr from './versions.ar.json';
import startAr from './startup.ar.json';
import type exEn from './exchange.en.json';
import type deskEn from './desktop.en.json';
import type msgEn from './messages.en.json';
import type histEn from './versions.en.json';
import type { Strings } from './strings.en';

// the file kinds' sentences are a catalog of their own (shared/file-kind.ts words its English from it without the rest), under msg
export const strings = { ...ar, ...consAr, ...(exAr as typeof exEn), ...(deskAr as typeof deskEn), ...langAr, ...(msgAr as unknown as typeof msgEn), ...wordAr, ...delAr, ...safeAr, ...(histAr as unknown as typeof histEn), ...startAr, msg: { ...msgAr.msg, ...fileKindAr.msg } } as Strings;
