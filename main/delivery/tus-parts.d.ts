/**
 * Types for the parts of tus-js-client the delivery client loads one by one (client.ts: loadTus),
 * in place of its Node entry, which also loads a file URL store with lock files and graceful-fs
 * (and its own HTTP stack: this app's is upload-stack.ts).
 */
declare module 'tus-js-client/lib.es5/upload.js' {
  import type { Upload, UploadOptions } from 'tus-js-client';
  const BaseUpload: { new (file: unknown, options: UploadOptions): Upload; defaultOptions: UploadOptions };
  export default BaseUpload;
}
declare module 'tus-js-client/lib.es5/noopUrlStorage.js' {
  import type { UrlStorage } from 'tus-js-client';
  const NoopUrlStorage: new () => UrlStorage;
  export default NoopUrlStorage;
}
