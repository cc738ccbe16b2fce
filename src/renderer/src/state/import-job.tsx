import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { EventOf } from '../../../shared/contract';
import { useApi } from '../api/api-context';
import { errorText } from '../api/error-text';

export type ImportProgress = EventOf<'import:progress'>['progress'];
export type ImportSummary = NonNullable<EventOf<'import:done'>['summary']>;

/** Whether the progress is an S3 sync's (its origin says which source and where it is). */
export function isS3Progress(p: ImportProgress | null | undefined): boolean {
  return p?.origin.kind === 's3';
}

/** Which S3 source a job syncs, as far as the page knows. */
export interface S3JobTarget {
  /** Known when the job was started here ("Sync now", "Add S3 bucket"). */
  sourceId?: number;
  /** The source location its progress names (`s3://bucket/data/`). */
  where?: string;
}

/** A sync that failed, until a later sync of the same source succeeds. */
export interface S3Failure extends S3JobTarget {
  message: string;
  at: number;
}

/**
 * Whether a job is the sync of `source`: by id, else by the longest S3 location its place starts
 * with (so `s3://b/data/` and `s3://b/data/project/` as two sources are told apart).
 */
export function isSyncOf(
  target: S3JobTarget | null | undefined,
  source: { id: number; location: string },
  locations: readonly string[],
): boolean {
  if (!target) return false;
  if (target.sourceId !== undefined) return target.sourceId === source.id;
  const { where } = target;
  if (where === undefined || !where.startsWith(source.location)) return false;
  return !locations.some((l) => l.length > source.location.length && where.startsWith(l));
}

const placeOf = (p: ImportProgress): string | undefined =>
  p.origin.kind === 's3' ? p.origin.location : undefined;

export interface ImportJob {
  running: {
    jobId: string;
    progress: ImportProgress | null;
    startedAt: number;
    /** The S3 source this job syncs, when known. */
    s3?: S3JobTarget;
  } | null;
  /** S3 syncs that failed and have not succeeded since, newest first: the sidebar marks their sources. */
  s3Failures: readonly S3Failure[];
  /** The last finished job, until dismissed. `s3`: it was an S3 sync, whose messages say what to do. */
  finished: { summary: ImportSummary | null; error: string | null; cancelled: boolean; s3: boolean } | null;
  /**
   * Starts a job (sources:add, sources:add-s3 or import:start) and follows it. An empty jobId means
   * the host already has that sync queued or running: its events are followed as they come.
   */
  start: (launch: () => Promise<{ jobId: string }>, meta?: { sourceId?: number }) => Promise<void>;
  cancel: () => void;
  dismiss: () => void;
}

const ImportJobContext = createContext<ImportJob | null>(null);

/**
 * Follows the one import job the core runs at a time: picks up a job already running when the page
 * opens (serve imports its folders at start), then tracks progress and completion events.
 */
export function ImportJobProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [running, setRunning] = useState<ImportJob['running']>(null);
  const [finished, setFinished] = useState<ImportJob['finished']>(null);
  // A small job can finish before its start call returns; remember it so it is not shown as running.
  const doneIds = useRef(new Set<string>());
  // Jobs seen to be S3 syncs (by their progress, or started as one), so their end is worded as a sync
  // and a failure is shown at its source.
  const s3Jobs = useRef(new Map<string, S3JobTarget>());
  const [s3Failures, setS3Failures] = useState<readonly S3Failure[]>([]);

  useEffect(() => {
    let live = true;
    api['import:status']({}).then(
      (s) => {
        if (!live) return;
        if (s.running) {
          const { jobId, progress } = s.running;
          setRunning((r) => r ?? { jobId, progress, startedAt: Date.now() - (progress?.elapsedMs ?? 0) });
        }
      },
      () => {
        // The views report an unreachable host themselves; a status poll adds nothing.
      },
    );
    const offProgress = api.on('import:progress', ({ jobId, progress }) => {
      if (doneIds.current.has(jobId)) return;
      let s3 = s3Jobs.current.get(jobId);
      if (isS3Progress(progress) && s3?.where === undefined) {
        s3 = { ...s3, where: placeOf(progress) };
        s3Jobs.current.set(jobId, s3);
      }
      setRunning((r) => ({
        jobId,
        progress,
        // A job queued behind another one starts its own clock when its first progress arrives.
        startedAt: r?.jobId === jobId ? r.startedAt : Date.now() - progress.elapsedMs,
        s3,
      }));
    });
    const offDone = api.on('import:done', ({ jobId, summary, error }) => {
      doneIds.current.add(jobId);
      const s3 = s3Jobs.current.get(jobId);
      s3Jobs.current.delete(jobId);
      setRunning(null);
      setFinished({
        summary,
        error,
        cancelled: summary?.cancelled ?? false,
        s3: s3 !== undefined || (error !== null && /\bs3:\/\//.test(error)),
      });
      if (s3 === undefined || summary?.cancelled) return;
      const same = (f: S3Failure): boolean =>
        (s3.sourceId !== undefined && f.sourceId === s3.sourceId) ||
        (s3.where !== undefined && f.where === s3.where);
      setS3Failures((list) => {
        const others = list.filter((f) => !same(f));
        return error === null ? others : [{ ...s3, message: error, at: Date.now() }, ...others];
      });
    });
    return () => {
      live = false;
      offProgress();
      offDone();
    };
  }, [api]);

  const start = useCallback(
    async (launch: () => Promise<{ jobId: string }>, meta: { sourceId?: number } = {}) => {
      setFinished(null);
      try {
        const { jobId } = await launch();
        if (jobId === '' || doneIds.current.has(jobId)) return;
        let s3 = s3Jobs.current.get(jobId);
        if (meta.sourceId !== undefined) {
          s3 = { ...s3, sourceId: meta.sourceId };
          s3Jobs.current.set(jobId, s3);
        }
        setRunning((r) =>
          r?.jobId === jobId ? { ...r, s3 } : { jobId, progress: null, startedAt: Date.now(), s3 },
        );
      } catch (e) {
        setFinished({
          summary: null,
          error: errorText(e),
          cancelled: false,
          s3: meta.sourceId !== undefined,
        });
      }
    },
    [],
  );

  const cancel = useCallback(() => {
    if (running === null) return;
    api['import:cancel']({ jobId: running.jobId }).catch((e: unknown) => {
      setFinished({ summary: null, error: `Cancel failed: ${errorText(e)}`, cancelled: false, s3: false });
    });
  }, [api, running]);

  const dismiss = useCallback(() => setFinished(null), []);
  const value = useMemo(
    () => ({ running, finished, s3Failures, start, cancel, dismiss }),
    [running, finished, s3Failures, start, cancel, dismiss],
  );
  return <ImportJobContext.Provider value={value}>{children}</ImportJobContext.Provider>;
}

export function useImportJob(): ImportJob {
  const ctx = useContext(ImportJobContext);
  if (ctx === null) throw new Error('useImportJob outside ImportJobProvider');
  return ctx;
}
