/** Checks an archive entry name; returns why it is refused, or null. Names are never used as paths. */
export function entryNameProblem(raw: Buffer): string | null {
  const name = raw.toString('utf8');
  const shown = JSON.stringify(name.slice(0, 100));
  if (!name.length) return 'an entry has an empty name';
  if (!Buffer.from(name, 'utf8').equals(raw)) return `entry name ${shown} is not valid UTF-8`;
  if (name.includes('\\')) return `entry name ${shown} contains a backslash`;
  if (/^[A-Za-z]:/.test(name)) return `entry name ${shown} starts with a drive letter`;
  if (name.startsWith('/')) return `entry name ${shown} is an absolute path`;
  if (name.split('/').some((seg) => seg === '..')) return `entry name ${shown} contains ".."`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return `entry name ${shown} contains control characters`;
  if (name.split('/').some((seg) => seg === '' || seg === '.')) return `entry name ${shown} has an empty or "." segment`;
  return null;
}
