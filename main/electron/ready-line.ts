/** The line the desktop app's main process prints once its window is shown; the launcher waits for it. */
export const READY_LINE = '[gcm-review] the desktop window is open';
