import type { FileHandle } from 'node:fs/promises';

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
  private readTo = 0;
  private ended = false;
  private stopped = false;
  private readonly waiting: { end: number; resolve: (inside: boolean) => void }[] = [];

  constructor(
    private readonly handle: FileHandle,
    private readonly bytes: Uint8Array,
    /** Smaller in tests, so a small file is read in many slices. */
    private readonly sliceBytes: number = SLICE_BYTES,
  ) {
    this.done = this.readAll();
  }

  /** Resolves true once bytes [0, end) are in; false when they never will be. */
  until(end: number): Promise<boolean> {
    if (end <= this.readTo) return Promise.resolve(true);
    if (this.ended || end > this.bytes.length) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting.push({ end, resolve }));
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
    let next = size > 0 ? readAt(0) : null;
    while (next) {
      const read = await next;
      next = null;
      if (read === 0) break;
      this.readTo += read;
      if (this.readTo >= size) complete = true;
      else if (!this.stopped) next = readAt(this.readTo);
      this.wake();
    }
    this.ended = true;
    this.wake();
    return complete && !this.stopped;
  }

  /** Resolves the waits now met, and every wait once the read has ended. */
  private wake(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const wait = this.waiting[i] as { end: number; resolve: (inside: boolean) => void };
      if (wait.end <= this.readTo || this.ended) {
        this.waiting.splice(i, 1);
        wait.resolve(wait.end <= this.readTo);
      }
    }
  }
}
