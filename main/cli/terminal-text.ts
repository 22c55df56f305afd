/**
 * What the command line prints, made inert for a terminal: a title, an answer or a name can come
 * from a bundle, and XML (the answer model's limit) allows C1 controls, DEL and a carriage return.
 * A terminal acts on those (U+009B is CSI, U+009D OSC: clearing the screen, rewriting what was
 * shown, a link that says one thing and opens another), so they are written as their escapes
 * ("\u009b"): inert and visible, and in `--json` output (where they stand only inside strings, which
 * JSON.stringify leaves them in as they are) the same JSON string as before. Tabs and line breaks stay.
 */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export const terminalText = (s: string): string => s.replace(ACTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
