/**
 * How far into a file (or buffer) some work has got, front to back, and waits for a prefix of it:
 * a decoder waits for bytes [0, end) to be read, or checked, before it looks at them.
 */
export class PrefixProgress {
  private at = 0;
  private ended = false;
  private readonly waiting: { end: number; resolve: (inside: boolean) => void }[] = [];

  constructor(
    /** The whole length: a wait past it can never be met. */
    private readonly length: number,
  ) {}

  /** How much is done: bytes [0, done). */
  get done(): number {
    return this.at;
  }

  /** Resolves true once [0, end) is done; false when it never will be (the work ended short of it). */
  until(end: number): Promise<boolean> {
    if (end <= this.at) return Promise.resolve(true);
    if (this.ended || end > this.length) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting.push({ end, resolve }));
  }

  /** [0, to) is done. */
  advance(to: number): void {
    this.at = Math.max(this.at, to);
    this.wake();
  }

  /** No more will be done: every wait not met yet resolves false. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const wait = this.waiting[i] as { end: number; resolve: (inside: boolean) => void };
      if (wait.end <= this.at || this.ended) {
        this.waiting.splice(i, 1);
        wait.resolve(wait.end <= this.at);
      }
    }
  }
}
