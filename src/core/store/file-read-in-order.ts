import type { FileHandle } from 'node:fs/promises';
import { PrefixProgress } from './prefix-progress';

/** Bytes read per call: large enough to keep the disk busy, small enough to hand a prefix over early. */
const SLICE_BYTES = 1 << 23;
/**
 * Reads asked for at once. Reading from the page cache into fresh memory is CPU work in the kernel
 * (faulting each page in): two at a time spread it over two cores, 540 -> 300 ms for a 207 MB
 * snapshot on a 2-core VM.
 */
const READS_IN_FLIGHT = 2;

/**
 * Reads a whole file into `bytes`, front to back, a slice at a time off this thread (READS_IN_FLIGHT
 * slices asked for at a time, the next as soon as the first is in), and tells whoever waits for a prefix when it is in. A decoder
 * can then work on the start of a file while the rest is still being read: a saved snapshot's
 * header and apps (a few hundred ms at 1M streams) while its columns come in, instead of after
 * them.
 */
export class FileReadInOrder {
  /** Resolves true once every byte is in; false when the file ended early, a read failed, or `stop` was called. */
  readonly done: Promise<boolean>;
  private readonly progress: PrefixProgress;
  private stopped = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly bytes: Uint8Array,
    /** Smaller in tests, so a small file is read in many slices. */
    private readonly sliceBytes: number = SLICE_BYTES,
    /** Told after each slice how much of the file is in (bytes [0, readTo)). */
    private readonly onRead: (readTo: number) => void = () => {},
  ) {
    this.progress = new PrefixProgress(bytes.length);
    this.done = this.readAll();
  }

  /** Resolves true once bytes [0, end) are in; false when they never will be. */
  until(end: number): Promise<boolean> {
    return this.progress.until(end);
  }

  /** Issues no more reads (the decoder gave up on the file); `done` resolves once those in flight are in. */
  stop(): void {
    this.stopped = true;
  }

  private async readAll(): Promise<boolean> {
    const size = this.bytes.length;
    const slice = this.sliceBytes;
    const pending: { at: number; read: Promise<number> }[] = [];
    let nextAt = 0;
    // A slice read whole: a read may return fewer bytes than asked (network file systems do, mid
    // file); only 0 bytes (the end) or an error end it short.
    const readSlice = async (at: number, length: number): Promise<number> => {
      let got = 0;
      while (got < length) {
        const read = await this.handle.read(this.bytes, at + got, length - got, at + got).then(
          ({ bytesRead }) => bytesRead,
          () => 0, // a failed read ends the file here, as its end does
        );
        if (read === 0) break;
        got += read;
      }
      return got;
    };
    const issue = () => {
      while (!this.stopped && pending.length < READS_IN_FLIGHT && nextAt < size) {
        const at = nextAt;
        pending.push({ at, read: readSlice(at, Math.min(size - at, slice)) });
        nextAt += slice;
      }
    };
    let readTo = 0;
    try {
      issue();
      for (let next = pending.shift(); next; next = pending.shift()) {
        const read = await next.read;
        readTo = next.at + read;
        // A slice short of its length: the file ended there (it shrank since its size was read).
        // The rest is not there (the reads still in flight are waited for: the handle must outlive them).
        const short = read < Math.min(size - next.at, slice);
        if (short) await Promise.all(pending.splice(0).map((p) => p.read));
        else issue();
        this.progress.advance(readTo);
        try {
          this.onRead(readTo);
        } catch {
          // The listener's own failure: the read goes on, and whoever waits for a prefix is told.
        }
      }
    } finally {
      // Whatever happens, no wait for a prefix is left hanging.
      await Promise.all(pending.splice(0).map((p) => p.read));
      this.progress.end();
    }
    return readTo >= size && !this.stopped;
  }
}
