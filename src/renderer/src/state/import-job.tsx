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

export interface ImportJob {
  running: { jobId: string; progress: ImportProgress | null; startedAt: number } | null;
  /** The last finished job, until dismissed. */
  finished: { summary: ImportSummary | null; error: string | null; cancelled: boolean } | null;
  /** Starts a job (sources:add or import:start) and follows it. */
  start: (launch: () => Promise<{ jobId: string }>) => Promise<void>;
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
      setRunning((r) => ({ jobId, progress, startedAt: r?.startedAt ?? Date.now() - progress.elapsedMs }));
    });
    const offDone = api.on('import:done', ({ jobId, summary, error }) => {
      doneIds.current.add(jobId);
      setRunning(null);
      setFinished({ summary, error, cancelled: summary?.cancelled ?? false });
    });
    return () => {
      live = false;
      offProgress();
      offDone();
    };
  }, [api]);

  const start = useCallback(async (launch: () => Promise<{ jobId: string }>) => {
    setFinished(null);
    try {
      const { jobId } = await launch();
      if (doneIds.current.has(jobId)) return;
      setRunning((r) => (r?.jobId === jobId ? r : { jobId, progress: null, startedAt: Date.now() }));
    } catch (e) {
      setFinished({ summary: null, error: errorText(e), cancelled: false });
    }
  }, []);

  const cancel = useCallback(() => {
    if (running === null) return;
    api['import:cancel']({ jobId: running.jobId }).catch((e: unknown) => {
      setFinished({ summary: null, error: `Cancel failed: ${errorText(e)}`, cancelled: false });
    });
  }, [api, running]);

  const dismiss = useCallback(() => setFinished(null), []);
  const value = useMemo(
    () => ({ running, finished, start, cancel, dismiss }),
    [running, finished, start, cancel, dismiss],
  );
  return <ImportJobContext.Provider value={value}>{children}</ImportJobContext.Provider>;
}

export function useImportJob(): ImportJob {
  const ctx = useContext(ImportJobContext);
  if (ctx === null) throw new Error('useImportJob outside ImportJobProvider');
  return ctx;
}
