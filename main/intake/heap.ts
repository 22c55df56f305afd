/**
 * The intake's V8 heap setting, made by its entry point (cli.ts) before it serves (issue 14, upload
 * throughput). Measured on Node 20 (V8 11.3) with `--trace-gc --trace-gc-verbose`:
 *
 * - Node's HTTP parser hands each piece of a request body to JavaScript as a fresh buffer (~64 KB)
 *   whose memory is outside V8's heap. The pieces die at once (upload-file.ts copies them), but V8
 *   frees them only at a young-generation collection, and the intake allocates so little else that
 *   one comes only once 32 MB of them are pending (V8's fixed threshold): 25-30 MB of dead pieces
 *   are counted between two collections, whatever the intake does with them.
 * - V8 counts that memory, allocated since its last full collection, against the old generation's
 *   allocation limit, which it sets at each full collection to max(live × factor, live + 8 MB) plus
 *   the young generation's size, the factor (1.1 to 4) following how fast the old generation grew
 *   lately. While bytes arrive it barely grows, so a full collection made during an upload, or by
 *   V8's memory reducer once the intake has been idle, sets a factor of 1.1-1.5: the limit is then
 *   ~8 MB above what is live, the pieces reach it, and the next full collection sets the same small
 *   limit. 4-11 full collections per 100-200 MB upload followed, in every upload after an idle spell
 *   and in about half of the processes taking uploads back to back.
 *
 * The setting fixes the factor at 5: the limit is 4 times what is live (12-15 MB) above it, 48-60
 * MB, room for the pieces and for the young generation growing back after the memory reducer shrank
 * it. At 4 (V8's own largest factor) the first upload after an idle spell still made one full
 * collection (test/intake-heap.test.ts); at 4.5, in one run of two. What it costs: the old
 * generation and the external memory together may grow that far above what is live before a full
 * collection (the peak RSS the README gives was measured with it). The flag is read at every full
 * collection, so setting it at run time takes effect; it is the intake process's only.
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 400;

export function setIntakeHeap(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
