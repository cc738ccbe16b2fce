import { describe, expect, it } from 'vitest';
import { createTurnQueue, FRAME_WAIT_MS, type TurnClock } from './turn-queue';

/** A clock run by hand: frames and timers fire only when the test says so. */
function manualClock() {
  let frames: (() => void)[] = [];
  let timers: { f: () => void; ms: number }[] = [];
  const clock: TurnClock = {
    frame: (f) => frames.push(f),
    later: (f, ms) => timers.push({ f, ms }),
  };
  return {
    clock,
    /** Runs the timers due within `ms` (0: the ones queued for "next task"). */
    tick(ms = 0): void {
      const due = timers.filter((t) => t.ms <= ms);
      timers = timers.filter((t) => t.ms > ms);
      for (const t of due) t.f();
    },
    frame(): void {
      const due = frames;
      frames = [];
      for (const f of due) f();
    },
  };
}

describe('createTurnQueue', () => {
  it('starts the next job only after the running one is done and a frame was drawn', () => {
    const c = manualClock();
    const q = createTurnQueue(c.clock);
    const ran: string[] = [];
    q.enqueue(() => ran.push('cdf'));
    q.enqueue(() => ran.push('bars'));
    c.tick();
    expect(ran).toEqual(['cdf']);
    q.done();
    // Before the frame, in which the chart just drawn is laid out and painted, the next one must not start.
    c.tick();
    expect(ran).toEqual(['cdf']);
    c.frame();
    expect(ran).toEqual(['cdf']);
    c.tick();
    expect(ran).toEqual(['cdf', 'bars']);
  });

  it('moves on without frames (a hidden page) after FRAME_WAIT_MS, and only once', () => {
    const c = manualClock();
    const q = createTurnQueue(c.clock);
    const ran: string[] = [];
    q.enqueue(() => ran.push('a'));
    q.enqueue(() => ran.push('b'));
    q.enqueue(() => ran.push('c'));
    c.tick();
    q.done();
    c.tick(FRAME_WAIT_MS);
    c.tick();
    expect(ran).toEqual(['a', 'b']);
    // The late frame of that turn must not start a second job.
    c.frame();
    c.tick();
    expect(ran).toEqual(['a', 'b']);
  });

  it('drops a job taken out before its turn', () => {
    const c = manualClock();
    const q = createTurnQueue(c.clock);
    const ran: string[] = [];
    q.enqueue(() => ran.push('a'));
    const cancel = q.enqueue(() => ran.push('b'));
    q.enqueue(() => ran.push('c'));
    cancel();
    c.tick();
    q.done();
    c.frame();
    c.tick();
    expect(ran).toEqual(['a', 'c']);
  });
});
