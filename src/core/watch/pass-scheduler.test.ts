import { describe, expect, it } from 'vitest';
import {
  HOT_MS,
  INITIAL_PER_FOLDER_MS,
  isHot,
  PassScheduler,
  POLL_DUTY,
  type ScheduledFolder,
  SWEEP_COLD_ROUNDS,
} from './pass-scheduler';

/** The time the fake clock starts at: any fixed epoch ms does. */
const T0 = 1_800_000_000_000;
const POLL_MS = 1_000;
const SWEEP_MS = 60_000;

interface Folder extends ScheduledFolder {
  name: string;
}

/** An app folder (depth 2, no subfolders) last changed at `lastChangeMs`. */
function app(name: string, lastChangeMs: number): Folder {
  return { name, parent: {}, depth: 2, subdirs: new Set(), lastChangeMs };
}

/** `count` apps that finished long before T0: cold from the start. */
function coldApps(count: number): Folder[] {
  return Array.from({ length: count }, (_, i) => app(`cold-${i}`, T0 - 10 * HOT_MS));
}

const names = (folders: readonly Folder[] | null) => (folders ?? []).map((f) => f.name);

describe('PassScheduler', () => {
  it('polls every hot folder on every tick and the cold ones a budgeted slice at a time', () => {
    const scheduler = new PassScheduler<Folder>({ pollMs: POLL_MS, sweepMs: SWEEP_MS });
    const hot = [app('writing-0', T0), app('writing-1', T0 - 1_000)];
    const cold = coldApps(2_000);
    // POLL_DUTY of a core at the first-guess cost: 5% of 1,000 ms / 0.1 ms = 500 folders a tick.
    const budget = (POLL_DUTY * POLL_MS) / INITIAL_PER_FOLDER_MS;
    expect(budget).toBe(500);
    const seenCold = new Set<string>();
    let now = T0;
    for (let tick = 0; tick < 5; tick++, now += POLL_MS) {
      const targets = scheduler.planPoll([...hot, ...cold], 0, now);
      expect(names(targets).slice(0, 2)).toEqual(['writing-0', 'writing-1']);
      const coldTaken = names(targets).slice(2);
      expect(coldTaken).toHaveLength(budget - hot.length);
      for (const name of coldTaken) seenCold.add(name);
    }
    // 2,000 cold folders at 498 a tick: every one of them is visited within 5 ticks, the full round.
    expect(seenCold.size).toBe(2_000);
    expect(scheduler.pollCycleMs).toBe(Math.ceil(2_000 / 498) * POLL_MS);
  });

  it('takes cold folders in turn, where the last tick stopped, wrapping around', () => {
    const scheduler = new PassScheduler<Folder>({ pollMs: POLL_MS, sweepMs: SWEEP_MS });
    const cold = coldApps(1_200);
    const first = names(scheduler.planPoll(cold, 0, T0));
    const second = names(scheduler.planPoll(cold, 0, T0 + POLL_MS));
    const third = names(scheduler.planPoll(cold, 0, T0 + 2 * POLL_MS));
    expect(first[0]).toBe('cold-0');
    expect(second[0]).toBe('cold-500');
    expect(third[0]).toBe('cold-1000');
    expect(third.at(-1)).toBe('cold-299'); // 200 left, then from the start again
    expect(scheduler.pollCycleMs).toBe(3 * POLL_MS);
  });

  it('keeps a folder hot for HOT_MS after its last change, then polls it only in its turn', () => {
    const writing = app('writing', T0);
    expect(isHot(writing, T0 + HOT_MS - 1)).toBe(true);
    expect(isHot(writing, T0 + HOT_MS)).toBe(false);
    const scheduler = new PassScheduler<Folder>({ pollMs: POLL_MS, sweepMs: SWEEP_MS });
    const folders = [writing, ...coldApps(1_999)];
    // While hot: in every tick. Once cold: one of 2,000 cold folders, visited in turn.
    for (let now = T0; now < T0 + 3 * POLL_MS; now += POLL_MS)
      expect(names(scheduler.planPoll(folders, 0, now))).toContain('writing');
    const later = T0 + HOT_MS;
    const ticks = Array.from({ length: 4 }, (_, i) =>
      names(scheduler.planPoll(folders, 0, later + i * POLL_MS)),
    );
    expect(ticks.filter((tick) => tick.includes('writing'))).toHaveLength(1);
    expect(scheduler.pollCycleMs).toBe(4 * POLL_MS);
  });

  it('keeps the opened root and the project level hot for good: new apps appear there', () => {
    const longAgo = T0 - 100 * HOT_MS;
    expect(isHot({ parent: null, depth: 0, subdirs: new Set(), lastChangeMs: longAgo }, T0)).toBe(true);
    expect(isHot({ parent: {}, depth: 1, subdirs: new Set(['app']), lastChangeMs: longAgo }, T0)).toBe(true);
    expect(isHot({ parent: {}, depth: 1, subdirs: new Set(), lastChangeMs: longAgo }, T0)).toBe(false);
    expect(isHot({ parent: {}, depth: 2, subdirs: new Set(['x']), lastChangeMs: longAgo }, T0)).toBe(false);
  });

  it('sizes the poll slice by the measured cost per folder (ignoring passes too small to tell)', () => {
    const scheduler = new PassScheduler<Folder>({ pollMs: POLL_MS, sweepMs: SWEEP_MS });
    scheduler.notePassCost(10, 100); // 10 folders: noise, ignored
    expect(scheduler.folderCostMs).toBe(INITIAL_PER_FOLDER_MS);
    scheduler.notePassCost(100, 30); // 0.3 ms a folder: 0.7 * 0.1 + 0.3 * 0.3 = 0.16
    expect(scheduler.folderCostMs).toBeCloseTo(0.16, 10);
    const targets = scheduler.planPoll(coldApps(1_000), 0, T0);
    expect(targets).toHaveLength(Math.floor((POLL_DUTY * POLL_MS) / 0.16)); // 312
    expect(scheduler.pollCycleMs).toBe(Math.ceil(1_000 / 312) * POLL_MS);
  });

  it('schedules no poll when nothing is polled and no root is missing, and keeps polling for a missing root', () => {
    const scheduler = new PassScheduler<Folder>({ pollMs: POLL_MS, sweepMs: SWEEP_MS });
    expect(scheduler.planPoll(coldApps(3), 0, T0)).toHaveLength(3);
    expect(scheduler.pollCycleMs).toBe(POLL_MS);
    expect(scheduler.planPoll([], 0, T0 + POLL_MS)).toBeNull();
    expect(scheduler.pollCycleMs).toBe(0);
    // A missing root is retried on each tick even when no folder is polled.
    expect(scheduler.planPoll([], 1, T0 + 2 * POLL_MS)).toEqual([]);
    expect(scheduler.pollCycleMs).toBe(POLL_MS);
  });

  it('sweeps every hot folder and a SWEEP_COLD_ROUNDS-th of the cold ones, all of them over that many sweeps', () => {
    const scheduler = new PassScheduler<Folder>({ pollMs: POLL_MS, sweepMs: SWEEP_MS });
    const hot = [app('writing', T0)];
    const cold = coldApps(995);
    const seenCold = new Set<string>();
    for (let sweep = 0; sweep < SWEEP_COLD_ROUNDS; sweep++) {
      const targets = names(scheduler.planSweep([...hot, ...cold], T0 + sweep * SWEEP_MS));
      expect(targets[0]).toBe('writing');
      expect(targets).toHaveLength(1 + Math.ceil(995 / SWEEP_COLD_ROUNDS));
      for (const name of targets.slice(1)) seenCold.add(name);
    }
    expect(seenCold.size).toBe(995);
    // Sweeping never touches the poll's figures.
    expect(scheduler.pollCycleMs).toBe(0);
  });

  it('gives the poll and sweep intervals, and no sweep when sweeps are off', () => {
    const scheduler = new PassScheduler<Folder>({ pollMs: 250, sweepMs: 5_000 });
    expect(scheduler.pollDelay()).toBe(250);
    expect(scheduler.sweepDelay()).toBe(5_000);
    expect(new PassScheduler<Folder>({ pollMs: 250, sweepMs: 0 }).sweepDelay()).toBeNull();
  });
});
