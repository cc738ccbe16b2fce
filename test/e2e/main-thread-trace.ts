/**
 * Reads a Chromium trace of one interaction (the responsive spec's) for the longest task of the
 * page's main thread (RunTask events of CrRendererMain), and what took its time.
 */

/** Leaf trace events and what they are (top-level script calls; style, layout, paint; GC). */
const WHAT: Record<string, string> = {
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  'v8.callFunction': 'script',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  MajorGC: 'gc',
  MinorGC: 'gc',
};

/** Events that mean the page's own script ran (an event handler, a timer, a frame callback). */
const PAGE_SCRIPT = new Set(Object.keys(WHAT).filter((name) => WHAT[name] === 'script'));

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  ts?: number;
  args?: { name?: string };
}

export interface LongestTask {
  wallMs: number;
  cpuMs: number;
  /** The largest kinds of work inside it, e.g. "script 60, gc 20". */
  inside: string;
  /** The longest task that was the test's own (see isTestsOwn), in CPU ms; 0 if none. */
  testsOwnMs: number;
}

const start = (e: TraceEvent): number => e.ts ?? 0;
const end = (e: TraceEvent): number => (e.ts ?? 0) + (e.dur ?? 0);

/** The events of `sorted` (by start) that start inside `task`. */
function eventsIn(sorted: readonly TraceEvent[], task: TraceEvent): TraceEvent[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start(sorted[mid] as TraceEvent) < start(task)) lo = mid + 1;
    else hi = mid;
  }
  const out: TraceEvent[] = [];
  for (let i = lo; i < sorted.length && start(sorted[i] as TraceEvent) < end(task); i++)
    out.push(sorted[i] as TraceEvent);
  return out;
}

/**
 * A task that is the test's own work, not the page's: a DevTools protocol command (Playwright's
 * injected script checking visibility or counting elements, run through Runtime.callFunctionOn)
 * in which none of the page's script ran. One such check took 143 ms of CPU on the big dashboard
 * (2,875 style and layout reads, no page script). A command that does run page script (a
 * `selectOption` dispatching input and change events to the app's handlers) counts, whole.
 */
function isTestsOwn(inside: readonly TraceEvent[]): boolean {
  return inside.some((e) => e.name === 'api_call') && !inside.some((e) => PAGE_SCRIPT.has(e.name));
}

/** Wall and CPU ms of the outermost events of the given kinds, per kind. */
function sumsByKind(
  within: readonly TraceEvent[],
  kinds: ReadonlySet<string>,
): Map<string, { wall: number; cpu: number }> {
  const sums = new Map<string, { wall: number; cpu: number }>();
  // Events of one kind nest (a timer's FunctionCall inside TimerFire): count the outermost only.
  const endOf = new Map<string, number>();
  for (const e of within) {
    const kind = WHAT[e.name];
    if (kind === undefined || !kinds.has(kind) || start(e) < (endOf.get(kind) ?? 0)) continue;
    endOf.set(kind, end(e));
    const sum = sums.get(kind) ?? { wall: 0, cpu: 0 };
    sum.wall += (e.dur ?? 0) / 1000;
    sum.cpu += (e.tdur ?? e.dur ?? 0) / 1000;
    sums.set(kind, sum);
  }
  return sums;
}

const ALL_KINDS = new Set(Object.values(WHAT));
/** The page's own pending work that a test's check can force: it would have run in a frame. */
const RENDERING = new Set(['style', 'layout']);

interface Candidate {
  task: TraceEvent;
  wallMs: number;
  cpuMs: number;
  within: TraceEvent[];
  /** Only the style and layout that a test's check forced, counted as the page's. */
  forced: boolean;
}

/**
 * The longest task of the renderer's main thread in a Chromium trace, leaving out the test's own
 * tasks, but not the page's style and layout they forced (which would otherwise have run in a
 * frame of its own): wall and CPU ms, and what took its time (the largest events inside it:
 * script, style, layout, paint, GC, or the task's own step when it is none of those), so a failure
 * says where to look.
 */
export function longestMainThreadTask(trace: Buffer): LongestTask {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = events
    .filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`))
    .sort((x, y) => start(x) - start(y));
  let top: Candidate | null = null;
  let cpuMs = 0;
  let testsOwnMs = 0;
  for (const task of onMain) {
    if (task.name !== 'RunTask') continue;
    const within = eventsIn(onMain, task);
    let candidate: Candidate = {
      task,
      wallMs: (task.dur ?? 0) / 1000,
      cpuMs: (task.tdur ?? task.dur ?? 0) / 1000,
      within,
      forced: false,
    };
    if (isTestsOwn(within)) {
      testsOwnMs = Math.max(testsOwnMs, candidate.cpuMs);
      const forced = [...sumsByKind(within, RENDERING).values()];
      const sum = (k: 'wall' | 'cpu') => forced.reduce((n, f) => n + f[k], 0);
      candidate = { task, wallMs: sum('wall'), cpuMs: sum('cpu'), within, forced: true };
    }
    if (top === null || candidate.wallMs > top.wallMs) top = candidate;
    cpuMs = Math.max(cpuMs, candidate.cpuMs);
  }
  if (top === null || top.wallMs === 0) return { wallMs: 0, cpuMs: 0, inside: '', testsOwnMs };
  const sums = new Map(
    [...sumsByKind(top.within, top.forced ? RENDERING : ALL_KINDS)].map(([k, v]) => [k, v.wall]),
  );
  if (sums.size === 0) {
    // None of those kinds: the innermost step that holds most of the task says where to look.
    const { task } = top;
    const steps = top.within.filter((e) => e !== task && (e.dur ?? 0) >= 0.5 * (task.dur ?? 0));
    const step = steps[steps.length - 1];
    if (step !== undefined) sums.set(step.name, (step.dur ?? 0) / 1000);
  }
  const inside = [...sums]
    .filter(([, ms]) => ms >= 1)
    .sort((x, y) => y[1] - x[1])
    .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
    .join(', ');
  return {
    wallMs: top.wallMs,
    cpuMs,
    inside: top.forced ? `${inside} (forced by a test's check)` : inside,
    testsOwnMs,
  };
}
