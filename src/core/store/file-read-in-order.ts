import type { FileHandle } from 'node:fs/promises';
import { PrefixProgress } from './prefix-progress';

/** Bytes read per call: large enough to keep the disk busy, small enough to hand a prefix over early. */
const SLICE_BYTES = 1 << 23;

/**
 * Reads a whole file into `bytes`, front to back, a slice at a time off this thread (the next one
 * asked for as soon as one is in), and tells whoever waits for a prefix when it is in. A decoder
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
    const readAt = (at: number) =>
      this.handle.read(this.bytes, at, Math.min(size - at, this.sliceBytes), at).then(
        ({ bytesRead }) => bytesRead,
        () => 0, // a failed read ends the file here, as a short one does
      );
    let complete = size === 0;
    let readTo = 0;
    let next = size > 0 ? readAt(0) : null;
    while (next) {
      const read = await next;
      next = null;
      if (read === 0) break;
      readTo += read;
      if (readTo >= size) complete = true;
      else if (!this.stopped) next = readAt(readTo);
      this.onRead(readTo);
      this.progress.advance(readTo);
    }
    this.progress.end();
    return complete && !this.stopped;
  }
}
