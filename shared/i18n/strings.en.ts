/** Every interface string in English, one object (the renderer loads one language's module: issue 13). */
import en from './en.json';
import consEn from './consolidation.en.json';
import exEn from './exchange.en.json';
import deskEn from './desktop.en.json';
import langEn from './language.en.json';
import msgEn from './messages.en.json';
import fileKindEn from './file-kind.en.json';
import wordEn from './word.en.json';
import delEn from './delivery.en.json';
import safeEn from './safety.en.json';
import histEn from './versions.en.json';
import startEn from './startup.en.json';

// the file kinds' sentences are a catalog of their own (shared/file-kind.ts words its English from it without the rest), under msg
export const strings = { ...en, ...consEn, ...exEn, ...deskEn, ...langEn, ...msgEn, ...wordEn, ...delEn, ...safeEn, ...histEn, ...startEn, msg: { ...msgEn.msg, ...fileKindEn.msg } };
export type Strings = typeof en & typeof consEn & typeof exEn & typeof deskEn & typeof langEn & typeof msgEn & typeof wordEn & typeof delEn & typeof safeEn & typeof histEn & typeof startEn & typeof fileKindEn;
