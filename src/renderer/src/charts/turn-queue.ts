/**
 * A queue of turns, one at a time: a job runs, and the next one starts only after the running
 * one says it is done (`done`) and the page has drawn a frame after that. The frame lets the
 * browser lay out and paint the chart just drawn on its own, before the next chart's script runs:
 * charts started within one frame had their layout, paint (and, when they were sized by a
 * ResizeObserver, their marks) land in that one frame, one long task (the CDF and a bar chart of
 * Compare: 60-90 ms). A hidden page draws no frames: a timer moves the queue on there.
 */

export type Job = () => void;

export interface TurnClock {
  /** Calls back at the next frame (requestAnimationFrame). */
  frame: (f: () => void) => void;
  /** Calls back in a new task after `ms` (setTimeout). */
  later: (f: () => void, ms: number) => void;
}

/** No frame within this long (a hidden page): the queue moves on anyway. */
export const FRAME_WAIT_MS = 100;

export interface TurnQueue {
  /** Adds a job; returns a function that takes it out again if it has not run yet. */
  enqueue: (job: Job) => () => void;
  /** The running job is done: the next one starts after the next frame, in a task of its own. */
  done: () => void;
}

export function createTurnQueue(clock: TurnClock): TurnQueue {
  const queue: Job[] = [];
  let running = false;

  const pump = (): void => {
    const job = queue.shift();
    if (job === undefined) {
      running = false;
      return;
    }
    job();
  };

  const done = (): void => {
    let moved = false;
    const move = (): void => {
      if (moved) return;
      moved = true;
      // A task of its own after the frame: resize observers run in the frame, after its callbacks.
      clock.later(pump, 0);
    };
    clock.frame(move);
    clock.later(move, FRAME_WAIT_MS);
  };

  const enqueue = (job: Job): (() => void) => {
    queue.push(job);
    if (!running) {
      running = true;
      clock.later(pump, 0);
    }
    return () => {
      const i = queue.indexOf(job);
      if (i >= 0) queue.splice(i, 1);
    };
  };

  return { enqueue, done };
}
