/**
 * Types for the parts of tus-js-client the delivery client loads one by one (client.ts: loadTus),
 * in place of its Node entry, which also loads a file URL store with lock files and graceful-fs.
 */
declare module 'tus-js-client/lib.es5/upload.js' {
  import type { Upload, UploadOptions } from 'tus-js-client';
  const BaseUpload: { new (file: unknown, options: UploadOptions): Upload; defaultOptions: UploadOptions };
  export default BaseUpload;
}
declare module 'tus-js-client/lib.es5/node/httpStack.js' {
  import type { HttpStack } from 'tus-js-client';
  const NodeHttpStack: new () => HttpStack;
  export default NodeHttpStack;
}
declare module 'tus-js-client/lib.es5/noopUrlStorage.js' {
  import type { UrlStorage } from 'tus-js-client';
  const NoopUrlStorage: new () => UrlStorage;
  export default NoopUrlStorage;
}
