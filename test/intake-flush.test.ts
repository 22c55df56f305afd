/**
 * A background flush that fails (upload-file.ts): the disk took the bytes but cannot vouch for
 * them, so they must never earn a receipt. The failure is real: the upload's file is made a link
 * to /dev/null, which takes every write and refuses fdatasync (EINVAL), as a device failing
 * write-back would. The write is refused, the upload's bytes (here: the link) are deleted, the
 * hashes taken on arrival are dropped, and the same upload cannot be completed from what is left.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { describe, expect, it } from 'vitest';
import { Arrivals } from '../main/intake/arrival';
import { fileStorage } from '../main/intake/storage';
import { SYNC_EVERY } from '../main/intake/upload-file';
import { tempDir } from './helpers';

const ID = '0'.repeat(31) + '1';

describe('a background flush that fails', () => {
  it('refuses the write and deletes the upload’s bytes, so no receipt can be given for them', async () => {
    const dir = tempDir();
    const st = fileStorage(path.join(dir, 'intake'));
    const arrivals = new Arrivals();
    st.watchWrites!(arrivals);
    const first = crypto.randomBytes(1024 * 1024);
    const body = crypto.randomBytes(SYNC_EVERY + 4 * 1024 * 1024); // past one background flush
    await st.datastore.create(new Upload({ id: ID, size: first.length + body.length, offset: 0 }));
    const file = (await st.localFile(ID)).file;
    // a well-behaved first request: its bytes are kept
    expect(await st.datastore.write(Readable.from([first]), ID, 0)).toBe(first.length);
    expect((await st.datastore.getUpload(ID)).offset).toBe(first.length);

    // the disk now takes writes but cannot make them durable
    fs.rmSync(file);
    fs.symlinkSync('/dev/null', file);
    const pieces = Array.from({ length: Math.ceil(body.length / (512 * 1024)) }, (_, i) => body.subarray(i * 512 * 1024, (i + 1) * 512 * 1024));
    await expect(st.datastore.write(Readable.from(pieces), ID, first.length)).rejects.toBeTruthy();

    // the upload's bytes are gone (the link only: /dev/null is untouched), and so are its hashes
    expect(fs.existsSync(file)).toBe(false);
    expect(() => fs.lstatSync(file)).toThrow();
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(await arrivals.take(ID, first.length + body.length)).toBeNull();
    expect(await arrivals.take(ID, first.length)).toBeNull();
    // nothing can go on from what was there (not even the first request's bytes): the upload must start again
    await expect(st.datastore.getUpload(ID)).rejects.toMatchObject({ status_code: 410 });
  });
});
