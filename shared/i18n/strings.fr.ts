/** Every interface string in French, one object (the renderer loads one language's module: issue 13). */
import fr from './fr.json';
import consFr from './consolidation.fr.json';
import exFr from './exchange.fr.json';
import deskFr from './desktop.fr.json';
import langFr from './language.fr.json';
import msgFr from './messages.fr.json';
import fileKindFr from './file-kind.fr.json';
import wordFr from './word.fr.json';
import delFr from './delivery.fr.json';
import safeFr from './safety.fr.json';
import histFr from './versions.fr.json';
import startFr from './startup.fr.json';
import type exEn from './exchange.en.json';
import type msgEn from './messages.en.json';
import type { Strings } from './strings.en';

// the file kinds' sentences are a catalog of their own (shared/file-kind.ts words its English from it without the rest), under msg
export const strings = { ...fr, ...consFr, ...(exFr as typeof exEn), ...deskFr, ...langFr, ...(msgFr as unknown as typeof msgEn), ...wordFr, ...delFr, ...safeFr, ...histFr, ...startFr, msg: { ...msgFr.msg, ...fileKindFr.msg } } as Strings;
