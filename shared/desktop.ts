/**
 * What the Electron preload exposes besides `window.api` (absent in browser mode, where the
 * renderer flushes on `pagehide` instead). Kept to one subscription on purpose.
 */
export interface DesktopBridge {
  /**
   * Runs `flush` when the window is about to close; the window waits for the returned promise
   * (for a bounded time) before closing. Returns a function that unsubscribes.
   */
  onBeforeClose(flush: () => Promise<void> | void): () => void;
}

declare global {
  interface Window {
    desktop?: DesktopBridge;
  }
}
