/**
 * `--storage s3://BUCKET/PREFIX?endpoint=…&region=…&forcePathStyle=1`: where an intake keeps its
 * bytes in S3-compatible storage, read and checked. Apart from s3-storage.ts, which loads the AWS
 * SDK (about 35 MB and 0.1 s): an intake on its data folder, and `--help`, never load it.
 */
import { z } from 'zod';

/** Where the intake keeps its bytes in S3: a bucket, a key prefix ('' or ending in '/'), and the client's settings. */
export interface S3Location {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
}

const FLAG = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const Query = z
  .object({
    endpoint: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as us-east-1')
      .optional(),
    forcePathStyle: FLAG.optional(),
  })
  .strict();
// bucket names as S3 allows them; a prefix of plain path characters (its keys need no escaping)
const BucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens)');
const Prefix = z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'may hold only letters, digits, dots, hyphens, underscores and slashes');

export const S3_URL_HELP = 's3://BUCKET[/PREFIX][?endpoint=https://HOST:PORT&region=REGION&forcePathStyle=1]';

/**
 * `--storage s3://BUCKET/PREFIX?endpoint=…&region=…&forcePathStyle=1` read and checked, or why it is
 * refused. Credentials are never part of it (the AWS SDK's environment variables or profile).
 */
export function parseS3Url(text: string): S3Location {
  const bad = (why: string) => new Error(`--storage ${why}; expected ${S3_URL_HELP}`);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) throw bad('must be an s3:// URL (the data folder is the default storage)');
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw bad('is not a URL');
  }
  if (u.protocol !== 's3:') throw bad(`must be an s3:// URL (the data folder is the default storage), not ${u.protocol}//…`);
  if (u.username || u.password) throw bad('must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment');
  const bucket = BucketName.safeParse(u.hostname);
  if (!bucket.success) throw bad(`bucket "${u.hostname}" ${bucket.error.issues[0]!.message}`);
  const rawPrefix = decodeURIComponent(u.pathname.replace(/^\/+/, ''));
  const prefix = rawPrefix && !rawPrefix.endsWith('/') ? `${rawPrefix}/` : rawPrefix;
  const p = Prefix.safeParse(prefix);
  if (!p.success) throw bad(`prefix "${rawPrefix}" ${p.error.issues[0]!.message}`);
  const q = Query.safeParse(Object.fromEntries(u.searchParams));
  if (!q.success) {
    const i = q.error.issues[0]!;
    throw bad(i.code === 'unrecognized_keys' ? `has unknown setting(s) ${i.keys.join(', ')} (known: endpoint, region, forcePathStyle)` : `${i.path.join('.')}: ${i.message}`);
  }
  return {
    bucket: bucket.data,
    prefix: p.data,
    endpoint: q.data.endpoint,
    region: q.data.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: q.data.forcePathStyle ?? false,
  };
}
