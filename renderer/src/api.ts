/**
 * `window.api`: provided by the Electron preload, or — in browser mode — built here over the
 * loopback host with the per-launch secret from the URL fragment (#token=...).
 */
import type { Api } from '../../shared/contract';
import { makeApi, NoConnection, type Envelope } from '../../shared/contract/client';

declare global {
  interface Window {
    api: Api;
  }
}

const KEEPALIVE_MAX = 60_000;

function browserApi(): Api {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) sessionStorage.setItem('gcm-token', fromHash);
  const token = fromHash ?? sessionStorage.getItem('gcm-token') ?? '';
  return makeApi(async (method, input) => {
    const body = JSON.stringify(input);
    let res: Response;
    try {
      res = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gcm-token': token },
        body,
        // A save started as the window closes must still reach the host (keepalive bodies are capped at 64 KB).
        keepalive: body.length < KEEPALIVE_MAX,
      });
    } catch (e) {
      throw new NoConnection(method, e);
    }
    try {
      return (await res.json()) as Envelope;
    } catch (e) {
      // the connection lost while the answer was read (a TypeError); an answer that is not JSON is another fault
      if (e instanceof TypeError) throw new NoConnection(method, e);
      throw e;
    }
  });
}

export function getApi(): Api {
  if (!window.api) window.api = browserApi();
  return window.api;
}
