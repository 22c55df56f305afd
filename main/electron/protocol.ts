/** The `app://` scheme: registered as privileged before ready, served from dist-renderer after. */
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import type { OneTimePages } from './print-pages';
import { appResponse } from './serve-app';

/** Must run before the app is ready. `standard` + `secure` give the scheme a real origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveApp(rendererDir: string, printPages: OneTimePages): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url, request.method, printPages));
}
