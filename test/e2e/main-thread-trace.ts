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
const PAGE_SCRIPT = new Set([
  'FunctionCall',
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'v8.callFunction',
]);

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
 * (2,875 style and layout reads, no page script). A command that does run page script (a `fill`
 * or `selectOption` dispatching input events to the app's handlers) counts, whole.
 */
function isTestsOwn(inside: readonly TraceEvent[]): boolean {
  return inside.some((e) => e.name === 'api_call') && !inside.some((e) => PAGE_SCRIPT.has(e.name));
}

/**
 * The longest task of the renderer's main thread in a Chromium trace, leaving out the test's own
 * tasks: wall and CPU ms, and what took its time (the largest events inside it: script, style,
 * layout, paint, GC, or the task's own steps when it is none of those), so a failure says where
 * to look.
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
  let top: TraceEvent | null = null;
  let cpuMs = 0;
  let testsOwnMs = 0;
  for (const e of onMain) {
    if (e.name !== 'RunTask') continue;
    const ms = (e.tdur ?? e.dur ?? 0) / 1000;
    if (isTestsOwn(eventsIn(onMain, e))) {
      testsOwnMs = Math.max(testsOwnMs, ms);
      continue;
    }
    if (top === null || (e.dur ?? 0) > (top.dur ?? 0)) top = e;
    cpuMs = Math.max(cpuMs, ms);
  }
  if (top === null) return { wallMs: 0, cpuMs: 0, inside: '', testsOwnMs };
  const within = eventsIn(onMain, top);
  const sums = new Map<string, number>();
  // Events of one kind nest (a timer's FunctionCall inside TimerFire): count the outermost only.
  const endOf = new Map<string, number>();
  for (const e of within) {
    const kind = WHAT[e.name];
    if (kind === undefined || start(e) < (endOf.get(kind) ?? 0)) continue;
    endOf.set(kind, end(e));
    sums.set(kind, (sums.get(kind) ?? 0) + (e.dur ?? 0) / 1000);
  }
  if (sums.size === 0) {
    // None of those kinds: the innermost step that holds most of the task says where to look.
    const steps = within.filter((e) => e !== top && (e.dur ?? 0) >= 0.5 * (top?.dur ?? 0));
    const step = steps[steps.length - 1];
    if (step !== undefined) sums.set(step.name, (step.dur ?? 0) / 1000);
  }
  const inside = [...sums]
    .filter(([, ms]) => ms >= 1)
    .sort((x, y) => y[1] - x[1])
    .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
    .join(', ');
  return { wallMs: (top.dur ?? 0) / 1000, cpuMs, inside, testsOwnMs };
}
