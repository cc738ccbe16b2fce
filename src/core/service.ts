import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MethodName, ParsedRequestOf, ResponseOf } from '../shared/contract';
import type { StreamFilter } from '../shared/filter';
import { describeFsError } from './burr/layout';
import { type ImportRunner, workerImportRunner } from './importer/run-import-in-worker';
import { compareGroupCharts } from './metrics/compare-charts';
import { compareGroups } from './metrics/compare-groups';
import { computeDashboard } from './metrics/dashboard';
import { selectStreams } from './metrics/select-streams';
import { readRecordedLine } from './read-back';
import { renderReport } from './report/render-report';
import { buildReport } from './report/report-model';
import { EventHub } from './runtime/event-hub';
import { ImportJobs } from './runtime/import-jobs';
import { S3SyncError } from './s3/s3-errors';
import { checkS3Source, loadS3Source, loadS3Sources, registerS3Source } from './s3/s3-source-admin';
import { S3ConfigError } from './s3/s3-source-config';
import { defaultS3CacheDir } from './s3/s3-sync';
import { ServiceError } from './service-error';
import { recordedPathFor } from './show-in-folder';
import { type FactsSnapshot, loadFactsSnapshot, refreshFactsSnapshot } from './store/facts-snapshot';
import { ImportWriter } from './store/import-writer';
import {
  filterOptions,
  getAppSummary,
  listApps,
  listProjects,
  listSources,
  sourceLocations,
} from './store/library-queries';
import { loadSnapshotOffThread } from './store/load-snapshot-off-thread';
import { openStore, type StoreDatabase } from './store/open-store';
import { listProblems } from './store/problem-queries';
import { getRunDetail } from './store/run-queries';
import { removeSource } from './store/source-admin';
import { allStreams, queryStreams } from './store/stream-queries';
import { watchAndImport } from './watch/watch-and-import';

export type Handlers = { [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> };

export interface ServiceOptions {
  databasePath: string;
  host: 'electron' | 'serve';
  version?: string;
  nativeBinding?: string;
  importRunner?: ImportRunner;
  /** Sync every S3 source this often, in minutes (0 = never). Default 5. */
  s3AutoSyncMinutes?: number;
  /** Watch every folder source and import what is appended (default true). */
  watch?: boolean;
  /** The built dashboard-snapshot worker (Electron passes its bundled file); default: found next to the source. */
  snapshotWorkerFile?: string;
  /** The host's log file, reported by app:info (the desktop app keeps one). */
  logPath?: string;
  /** Opens the system's file manager on a path (the desktop app); without it, Show in folder says why not. */
  showInFolder?: (path: string) => void;
}

export interface Service {
  handlers: Handlers;
  on: EventHub['on'];
  /** Adds a folder as a source and imports it (in the background). */
  addFolder(folder: string): { jobId: string };
  whenIdle(): Promise<void>;
  /** Forgets computed dashboards (not the snapshot): benchmarks measure the computation itself. */
  clearDashboardCache(): void;
  close(): void;
}

const MAX_CACHED_DASHBOARDS = 24;

export { ServiceError };

/**
 * The API contract implemented on top of the core: the one entry for every
 * host. Requests arrive already validated by the host's binding.
 */
export function createService(options: ServiceOptions): Service {
  const db: StoreDatabase = openStore(
    options.databasePath,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  const hub = new EventHub();
  const jobs = new ImportJobs(
    options.databasePath,
    options.importRunner ??
      workerImportRunner(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    hub,
  );

  // Dashboards scan an in-memory copy of stream_facts, reloaded lazily after the data changes.
  let snapshot: FactsSnapshot | null = null;
  // Switching views and toggles asks for the same dashboards again: keep the last few per data version.
  const dashboards = new Map<string, ResponseOf<'dashboard:get'>>();
  // After an import that names the apps it changed, only their streams are re-read (live folders
  // re-import every few hundred ms; reloading 100k streams each time would hold up every request).
  // A full read happens in a worker, started as soon as it is needed, so the host keeps answering.
  let staleApps: Set<number> | null = null; // null: a full read is needed
  let loading: Promise<FactsSnapshot> | null = null;
  const startFullLoad = (): void => {
    const load = loadSnapshotOffThread(
      db,
      options.databasePath,
      options.nativeBinding,
      options.snapshotWorkerFile,
    );
    loading = load;
    staleApps = new Set();
    load
      .then((loaded) => {
        if (loading === load) snapshot = loaded;
      })
      .catch(() => {
        staleApps = null; // try again on the next request, which reports the error
      })
      .finally(() => {
        if (loading === load) loading = null;
      });
  };
  hub.on('data:changed', ({ apps, topics }) => {
    if (!topics.includes('streams')) return;
    dashboards.clear();
    if (!apps || staleApps === null) {
      staleApps = null;
      startFullLoad(); // warm it before the view asks
    } else for (const app of apps) staleApps.add(app);
  });
  const facts = async (): Promise<FactsSnapshot> => {
    if (staleApps === null) startFullLoad();
    if (loading) snapshot = await loading;
    if (!snapshot) snapshot = loadFactsSnapshot(db);
    if (staleApps && staleApps.size > 0) {
      snapshot = refreshFactsSnapshot(db, snapshot, [...staleApps]);
      staleApps.clear();
    }
    return snapshot;
  };
  startFullLoad();

  // Live folders: every folder source is watched; what changes is re-imported (only new bytes are read).
  const live =
    options.watch === false
      ? null
      : watchAndImport(
          sourceLocations(db)
            .filter((s) => s.kind === 'folder')
            .map((s) => s.location),
          {
            run: ({ paths, sourceLocations: locations }) =>
              new Promise<void>((resolve, reject) =>
                jobs.enqueue({ roots: paths, sourceLocations: locations, live: true }, (error) =>
                  error ? reject(error) : resolve(),
                ),
              ),
            onWarning: (message) => {
              new ImportWriter(db).notice(null, 'Live folders', 'warning', message);
              hub.emit('data:changed', { reason: 'watch warning', topics: ['problems'] });
            },
          },
        );

  const addFolder = (folder: string): { jobId: string } => {
    const resolved = path.resolve(folder);
    let isDir = false;
    try {
      isDir = statSync(resolved).isDirectory() || statSync(resolved).isFile();
    } catch (error) {
      throw new ServiceError(`Cannot open ${resolved}: ${describeFsError(error, resolved)}.`);
    }
    if (!isDir) throw new ServiceError(`Cannot open ${resolved}: not a folder or file.`);
    new ImportWriter(db).ensureSource('folder', resolved);
    hub.emit('data:changed', { reason: 'source added', topics: ['sources'] });
    const jobId = jobs.enqueue({ roots: [resolved] });
    live?.add(resolved);
    return { jobId };
  };

  // S3 sources: synced on request and every few minutes; a source whose credentials or
  // permissions failed waits for a sync by hand rather than failing every few minutes.
  const pausedS3 = new Set<number>();
  const s3CacheDir = defaultS3CacheDir(options.databasePath);
  const enqueueS3 = (sourceId: number): string | null => {
    if (jobs.hasS3Job(sourceId)) return null;
    const source = loadS3Source(db, sourceId);
    if (!source) return null;
    return jobs.enqueue({ s3: { config: source.config, cacheDir: s3CacheDir }, sourceId }, (error) => {
      const kind = error?.kind;
      if (kind === 'credentials' || kind === 'access-denied' || kind === 'no-bucket') pausedS3.add(sourceId);
    });
  };
  const autoSyncMs = (options.s3AutoSyncMinutes ?? 5) * 60_000;
  const autoSync =
    autoSyncMs > 0
      ? setInterval(() => {
          for (const { sourceId } of loadS3Sources(db).sources)
            if (!pausedS3.has(sourceId)) enqueueS3(sourceId);
        }, autoSyncMs)
      : null;
  autoSync?.unref();

  const handlers: Handlers = {
    'app:info': async () => ({
      version: options.version ?? '0.0.0',
      databasePath: options.databasePath,
      host: options.host,
      logPath: options.logPath ?? null,
      canShowInFolder: options.showInFolder !== undefined,
    }),
    'shell:show-in-folder': async (request) => {
      const shown = recordedPathFor(db, request);
      if (!options.showInFolder) {
        throw new ServiceError(`Show in folder works in the desktop app. The path is ${shown}`);
      }
      options.showInFolder(shown);
      return { path: shown };
    },
    'sources:list': async () => listSources(db),
    'sources:add': async ({ path: folder }) => addFolder(folder),
    'sources:add-s3': async (request) => {
      let checked: Awaited<ReturnType<typeof checkS3Source>>;
      try {
        checked = await checkS3Source(request);
      } catch (error) {
        if (error instanceof S3SyncError || error instanceof S3ConfigError)
          throw new ServiceError(error.message);
        throw error;
      }
      const { sourceId } = registerS3Source(db, checked.config);
      hub.emit('data:changed', { reason: 'source added', topics: ['sources'] });
      return { sourceId, jobId: enqueueS3(sourceId) ?? '' };
    },
    'sources:remove': async ({ sourceId }) => {
      for (const s of sourceLocations(db, [sourceId])) if (s.kind === 'folder') live?.remove(s.location);
      const result = removeSource(db, sourceId);
      hub.emit('data:changed', { reason: 'source removed', topics: ['streams', 'sources', 'problems'] });
      return result;
    },
    'import:start': async ({ sourceIds }) => {
      const sources = sourceLocations(db, sourceIds);
      if (sources.length === 0)
        throw new ServiceError(
          'Nothing to import: open a folder that holds Burr tracker logs first (e.g. ~/.burr).',
        );
      const folders = sources.filter((s) => s.kind === 'folder');
      const present = folders.filter((s) => existsSync(s.location));
      const s3Ids = sources.filter((s) => s.kind === 's3').map((s) => s.id);
      if (present.length === 0 && s3Ids.length === 0) {
        throw new ServiceError(
          `The source folder is gone: ${folders.map((s) => s.location).join(', ')}. Remove it or restore the folder.`,
        );
      }
      const jobIds: string[] = [];
      if (present.length > 0) jobIds.push(jobs.enqueue({ roots: present.map((s) => s.location) }));
      for (const id of s3Ids) {
        pausedS3.delete(id); // a sync by hand is how a paused source resumes
        const jobId = enqueueS3(id);
        if (jobId) jobIds.push(jobId);
      }
      return { jobId: jobIds[0] ?? '' };
    },
    'import:cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'import:status': async () => jobs.status(),
    'library:projects': async ({ sourceId }) => listProjects(db, sourceId),
    'library:apps': async ({ filter, limit, offset }) => listApps(db, filter, limit, offset),
    'filters:options': async ({ project }) => filterOptions(db, project),
    'dashboard:get': async ({ filter, ttftLog, splitSort }) => {
      const key = JSON.stringify([filter, ttftLog, splitSort]);
      let dashboard = dashboards.get(key);
      if (!dashboard) {
        dashboard = computeDashboard(selectStreams(await facts(), filter), { ttftLog, splitSort });
        if (dashboards.size >= MAX_CACHED_DASHBOARDS)
          dashboards.delete(dashboards.keys().next().value as string);
        dashboards.set(key, dashboard);
      }
      return dashboard;
    },
    'streams:query': async ({ filter, sort, offset, limit }) => queryStreams(db, filter, sort, offset, limit),
    'runs:get': async ({ appRef }) => {
      const app = getAppSummary(db, appRef);
      if (!app)
        throw new ServiceError(
          `No app with id ${appRef}: it may have been removed with its source. Pick another run.`,
        );
      const { graph, parentPointer, spawningParentPointer, ...summary } = app;
      return {
        app: { ...summary, graph: graphSummary(graph), parentPointer, spawningParentPointer },
        ...getRunDetail(db, appRef),
        streams: allStreams(db, { appRefs: [appRef] }).sort((a, b) => a.sequence_id - b.sequence_id),
      };
    },
    'events:read': async ({ fileRef, offset, length }) => readRecordedLine(db, fileRef, offset, length),
    'problems:list': async ({ sourceId, limit }) => listProblems(db, sourceId, limit),
    'compare:run': async ({ groups }) => {
      const inputs = groups.map((g) => ({ name: g.name, streams: allStreams(db, g.filter) }));
      return { comparison: compareGroups(inputs), groups: inputs.map(compareGroupCharts) };
    },
    'export:pdf': async () => {
      throw new ServiceError(
        'PDF export is made by the desktop app. In a browser, export HTML and print it to PDF.',
      );
    },
    'export:render': async ({ format, filter, groupBy, compare }) => {
      const streams = allStreams(db, filter);
      const comparison = compare
        ? compareGroups(compare.map((g) => ({ name: g.name, streams: allStreams(db, g.filter) })))
        : undefined;
      const report = buildReport(streams, {
        groupBy,
        selection: describeFilter(filter),
        generatedAt: new Date(),
        comparison,
      });
      return renderReport(report, format);
    },
  };

  return {
    handlers,
    on: hub.on.bind(hub),
    addFolder,
    whenIdle: async () => {
      // A catch-up import may start once the watches are in place: wait for it too.
      await live?.ready;
      await jobs.whenIdle();
      await live?.whenIdle();
      await jobs.whenIdle();
    },
    clearDashboardCache: () => dashboards.clear(),
    close: () => {
      if (autoSync) clearInterval(autoSync);
      void live?.close();
      db.close();
    },
  };
}

function graphSummary(graphJson: string | null): { entrypoint: string | null; actions: string[] } | null {
  if (!graphJson) return null;
  try {
    const graph = JSON.parse(graphJson) as { entrypoint?: string | null; actions?: { name?: string }[] };
    return {
      entrypoint: graph.entrypoint ?? null,
      actions: (graph.actions ?? []).map((a) => a.name).filter((n): n is string => typeof n === 'string'),
    };
  } catch {
    return null;
  }
}

/** The filter as key/values for a report's "what this contains" header. */
export function describeFilter(
  filter: StreamFilter,
): Record<string, string | number | boolean | readonly number[]> {
  const out: Record<string, string | number | boolean | readonly number[]> = {};
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) out[key] = value;
  return out;
}
