/**
 * Working arrays reused from one dashboard computation to the next. A dashboard of a million
 * streams fills about 80 MB of group buffers, masks and keys, all dropped when it returns. Fresh
 * memory costs a page fault per 4 KB the first time it is written, and on some VMs that is most of
 * the computation (bench/README.md: 2.5 ms a MB there). Measured at 1M streams, a dashboard took
 * 200-245 ms when few of its pages were new and 345-420 ms when 40-60 MB were. Kept here, the same
 * pages serve every dashboard while they are being asked for, and are let go after a quiet minute.
 *
 * A lease hands out arrays that no other array of the lease shares; they are the pool's again when
 * the lease is released, so nothing taken may outlive the computation that took it. Their contents
 * are left over from earlier use unless `zeroed` is asked for.
 */

const RELEASE_AFTER_IDLE_MS = 60_000;
/** Buffers kept beyond this total are let go at release (a selection of every stream needs ~80 MB at 1M). */
const MAX_KEPT_BYTES = 256 * 1024 * 1024;

type Ctor = Float64ArrayConstructor | Int32ArrayConstructor | Uint16ArrayConstructor;

type PoolBuffer = ArrayBuffer | SharedArrayBuffer;

let free: PoolBuffer[] = [];
let idleTimer: NodeJS.Timeout | null = null;

export interface ScratchLease {
  f64(length: number): Float64Array;
  i32(length: number): Int32Array;
  u16(length: number, zeroed?: boolean): Uint16Array;
  /** Gives every array taken back to the pool: none of them may be used afterwards. */
  release(): void;
}

/**
 * `shared`: every array of the lease is a view of a SharedArrayBuffer, so that a worker thread can
 * be handed it without a copy (the dashboard's passes in row order: moments-off-thread.ts).
 */
export function leaseScratch({ shared = false }: { shared?: boolean } = {}): ScratchLease {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const taken: PoolBuffer[] = [];
  const take = <T>(Kind: Ctor, length: number): T => {
    const bytes = length * Kind.BYTES_PER_ELEMENT;
    // The smallest free buffer of the kind asked for that fits: a small array never ties up a big one.
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const buffer = free[i] as PoolBuffer;
      if (buffer instanceof SharedArrayBuffer !== shared) continue;
      const size = buffer.byteLength;
      if (size >= bytes && (best < 0 || size < (free[best] as PoolBuffer).byteLength)) best = i;
    }
    const buffer =
      best >= 0
        ? (free.splice(best, 1)[0] as PoolBuffer)
        : shared
          ? new SharedArrayBuffer(bytes)
          : new ArrayBuffer(bytes);
    taken.push(buffer);
    // Typed arrays view shared memory as they do plain buffers (the constructors' types only name the latter).
    return new Kind(buffer as ArrayBuffer, 0, length) as T;
  };
  return {
    f64: (length) => take<Float64Array>(Float64Array, length),
    i32: (length) => take<Int32Array>(Int32Array, length),
    u16: (length, zeroed = false) => {
      const out = take<Uint16Array>(Uint16Array, length);
      if (zeroed) out.fill(0);
      return out;
    },
    release: () => {
      free.push(...taken.splice(0));
      free.sort((a, b) => b.byteLength - a.byteLength);
      let kept = 0;
      // Largest first: a buffer that would pass the cap is let go, the smaller ones after it kept.
      free = free.filter((b) => {
        if (kept + b.byteLength > MAX_KEPT_BYTES) return false;
        kept += b.byteLength;
        return true;
      });
      // Leases overlap (a dashboard awaits its worker): the quiet minute counts from the last release.
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        free = [];
      }, RELEASE_AFTER_IDLE_MS);
      idleTimer.unref(); // never keeps a CLI process alive
    },
  };
}
