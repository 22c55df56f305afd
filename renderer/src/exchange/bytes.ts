/** Files in and out of the page: read an upload as base64 (within the transfer cap), save a download. */
import { MAX_TRANSFER_BYTES } from '../../../shared/contract/limits';

/** A file above the cap of this screen (`max`, bytes): worded for the user by ui/ErrorText. */
export class TooLarge extends Error {
  constructor(
    readonly size: number,
    readonly max: number,
  ) {
    super('too large');
  }
}

/** The file's bytes as base64; throws TooLarge above the cap before reading anything. */
export async function fileToBase64(file: Blob, max = MAX_TRANSFER_BYTES): Promise<string> {
  if (file.size > max) throw new TooLarge(file.size, max);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Hands bytes to the browser as a file download. */
export function saveDownload(fileName: string, mediaType: string, data: string | Uint8Array<ArrayBuffer>, isBase64 = typeof data === 'string'): void {
  const bytes = typeof data === 'string' ? (isBase64 ? base64ToBytes(data) : new TextEncoder().encode(data)) : data;
  const url = URL.createObjectURL(new Blob([bytes], { type: mediaType || 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
