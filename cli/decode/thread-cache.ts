/**
 * The one per-thread cache of the event path. Who made a call (comm, ids,
 * namespaces) rarely changes for a thread, so its decoded comm and the
 * renderers' text for it are kept per thread, direct-mapped by tid (a
 * fixed number of slots, so no tenant can grow it). The comm is reused
 * while its 16 raw bytes match; a renderer's entry (`rendered`) is its
 * own, checked by the renderer against the event before reuse.
 */
import { commFrom } from "./strings";

export const THREAD_SLOTS = 1024;

export class ThreadCache {
  /** The comm's four words per slot. */
  private readonly commWords = new Uint32Array(THREAD_SLOTS * 4);
  private readonly commStrings: (string | undefined)[] = new Array(THREAD_SLOTS);
  /** A renderer's cached text for the slot's thread (see json.ts). */
  readonly rendered: unknown[] = new Array(THREAD_SLOTS);
  /** The same for the renderer that works from records, not events (see json-record.ts). */
  readonly renderedRecord: unknown[] = new Array(THREAD_SLOTS);

  slot(tid: number): number {
    return tid & (THREAD_SLOTS - 1);
  }

  /** The comm at `off` (16 bytes, NUL-terminated) of thread `tid`. */
  comm(buf: Uint8Array, dv: DataView, off: number, tid: number): string {
    const slot = tid & (THREAD_SLOTS - 1);
    const w = this.commWords;
    const k = slot * 4;
    const a = dv.getUint32(off, true), b = dv.getUint32(off + 4, true), c = dv.getUint32(off + 8, true), d = dv.getUint32(off + 12, true);
    const cached = this.commStrings[slot];
    if (cached !== undefined && w[k] === a && w[k + 1] === b && w[k + 2] === c && w[k + 3] === d) return cached;
    const s = commFrom(buf, off);
    w[k] = a;
    w[k + 1] = b;
    w[k + 2] = c;
    w[k + 3] = d;
    this.commStrings[slot] = s;
    return s;
  }
}

/** Shared by every decoder and renderer of the process. */
export const threads = new ThreadCache();
