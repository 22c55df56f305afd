/** IPC channel names shared by the main process and the preload. */
export const API_CHANNEL = 'api';
/** main -> renderer: save what is pending, the window is closing. Carries a request id. */
export const FLUSH_REQUEST_CHANNEL = 'gcm:flush-request';
/** renderer -> main: pending saves are done (or failed); carries the same request id. */
export const FLUSH_DONE_CHANNEL = 'gcm:flush-done';
