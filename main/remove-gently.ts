/**
 * Removes a large file without stalling the disk for everyone else. Freeing a file's blocks costs
 * the file system about 0.4 ms a MB here (ext4), in one go when a file is unlinked, and a save's
 * fsync made meanwhile waits for it, even from another thread (measured, 17th part: a 500 MB
 * file's unlink took 185-200 ms on the event loop, and from libuv's pool a save still waited
 * 85-117 ms, against under 1 ms alone). So the file is cut from its end a step at a time, each
 * step on libuv's pool with a pause after it, and unlinked once small.
 * Cutting a file changes it for every name it has and every reader: only a regular file with no
 * other name (no hard link; a symlink is removed, never followed) is cut; anything else is
 * unlinked in one go. It is first renamed out of the way (`.removing`), so a file cut halfway
 * (the app quit meanwhile) is never taken for a whole one; the next removal finishes it.
 * Nor is a file another process has open (a backup being copied to a USB stick when the daily
 * rotation removes it) cut under its reader: where that can be told (Linux, /proc: this user's
 * processes), such a file is unlinked in one go, which leaves the reader's copy whole and costs
 * this process nothing (its blocks are freed when the reader closes it). A process that opens the
 * file by its `.removing` name after the check may still read it cut; elsewhere (no /proc) files
 * are cut as above.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Bytes freed per step: ~10 ms of the file system's work. */
export const REMOVE_STEP_BYTES = 24 * 1024 * 1024;
const PAUSE_MS = 10;
/** The name a file takes while it is cut (rotate() removes leftovers). */
export const REMOVING = '.removing';

/** Removes `file` (no error if it is gone); large files shrink step by step first. */
export async function removeGently(file: string, step = REMOVE_STEP_BYTES): Promise<void> {
  let st: fs.Stats;
  try {
    st = await fs.promises.lstat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (!st.isFile() || st.nlink !== 1 || st.size <= step) return fs.promises.rm(file, { force: true });
  const away = file.endsWith(REMOVING) ? file : `${file}${REMOVING}`;
  if (away !== file) await fs.promises.rename(file, away);
  if (await openByAnyProcess(away)) return fs.promises.rm(away, { force: true });
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(away, fs.constants.O_RDWR | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    // not openable for writing (e.g. read-only): removed in one go
    await fs.promises.rm(away, { force: true });
    return;
  }
  try {
    const now = await handle.stat();
    // the same file, still with one name (a link made since is left whole)
    let size = now.ino === st.ino && now.nlink === 1 ? now.size : 0;
    while (size > step) {
      size -= step;
      await handle.truncate(size);
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
  } finally {
    await handle.close();
  }
  await fs.promises.rm(away, { force: true });
}

/**
 * Whether any process (this one included) has `file` open, by the links in /proc/<pid>/fd (Linux;
 * another user's processes cannot be read and are not counted). False where it cannot be told.
 * Off the event loop: a few thousand small reads of /proc on libuv's pool, once per file removed.
 */
export async function openByAnyProcess(file: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  let wanted: string;
  let pids: string[];
  try {
    wanted = path.join(await fs.promises.realpath(path.dirname(file)), path.basename(file));
    pids = (await fs.promises.readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return false;
  }
  const holds = async (pid: string) => {
    let fds: string[];
    try {
      fds = await fs.promises.readdir(`/proc/${pid}/fd`);
    } catch {
      return false; // gone, or another user's
    }
    const links = await Promise.all(fds.map((fd) => fs.promises.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
    return links.includes(wanted);
  };
  for (const pid of pids) if (await holds(pid)) return true;
  return false;
}
