/**
 * Progress at most every `intervalMs`, except that a new phase, or a forced report, goes out at
 * once. A throttled report is not lost: the latest one is sent shortly after, so a sync that then
 * waits on a slow download never leaves its last count unseen.
 */
export class ProgressThrottle<Phase> {
  private last = 0;
  private lastPhase: Phase | null = null;
  private trailing: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (phase: Phase) => void,
  ) {}

  report(phase: Phase, force = false): void {
    const due = force || phase !== this.lastPhase || performance.now() - this.last >= this.intervalMs;
    if (!due) {
      this.trailing ??= setTimeout(() => {
        this.trailing = null;
        this.sendNow(phase);
      }, this.intervalMs);
      this.trailing.unref?.();
      return;
    }
    this.cancel();
    this.sendNow(phase);
  }

  /** Sends now, unthrottled (and counts as the latest report). */
  sendNow(phase: Phase): void {
    this.last = performance.now();
    this.lastPhase = phase;
    this.send(phase);
  }

  /** Drops a scheduled trailing report. */
  cancel(): void {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
  }
}
