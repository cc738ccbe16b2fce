import {
  type FolderWatcher,
  type FolderWatcherOptions,
  type WatchStats,
  watchFolders,
} from './folder-watcher';
import { LiveImporter, type LiveImportRequest } from './live-importer';

export interface LiveFoldersOptions<R> extends Omit<FolderWatcherOptions, 'onChange' | 'reportRootsOnStart'> {
  /** Runs one import of `request.paths` with `sourceLocations: request.sourceLocations`; settles when done. */
  run(request: LiveImportRequest): Promise<R> | R;
  onImported?(request: LiveImportRequest, result: R): void;
  onError?(error: unknown, request: LiveImportRequest, willRetry: boolean): void;
  /** See LiveImporterOptions. */
  maxBusyShare?: number;
  maxWaitMs?: number;
  /**
   * Import each root once its watch is in place (default true). Closes the gap
   * between an earlier import and the watch, and catches up on what was
   * written while Stream Lens was closed; unchanged files cost one stat each.
   */
  catchUp?: boolean;
}

/** Opened folders kept up to date: a FolderWatcher feeding a LiveImporter. */
export interface LiveFolders {
  readonly ready: Promise<void>;
  add(root: string): void;
  remove(root: string): void;
  roots(): string[];
  stats(): WatchStats;
  /** Resolves when no change waits and no live import runs. */
  whenIdle(): Promise<void>;
  /** Stops watching at once, then waits for a running import to finish. */
  close(): Promise<void>;
}

export function watchAndImport<R>(roots: readonly string[], options: LiveFoldersOptions<R>): LiveFolders {
  const { run, onImported, onError, maxBusyShare, maxWaitMs, catchUp, ...watchOptions } = options;
  const sources: { watcher: FolderWatcher | null } = { watcher: null };
  const importer = new LiveImporter<R>({
    run,
    onImported,
    onError,
    maxBusyShare,
    maxWaitMs,
    sources: () => sources.watcher?.roots() ?? [],
  });
  const watcher = watchFolders(roots, {
    ...watchOptions,
    reportRootsOnStart: catchUp ?? true,
    onChange: (paths) => importer.enqueue(paths),
  });
  sources.watcher = watcher;
  return {
    ready: watcher.ready,
    add: (root) => watcher.add(root),
    remove: (root) => watcher.remove(root),
    roots: () => watcher.roots(),
    stats: () => watcher.stats(),
    whenIdle: () => importer.whenIdle(),
    close: async () => {
      watcher.close();
      await importer.close();
    },
  };
}
