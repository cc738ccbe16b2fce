import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MethodName, ParsedRequestOf, ResponseOf } from '../shared/contract';
import type { StreamFilter } from '../shared/filter';
import { describeFsError } from './burr/layout';
import { type ImportRunner, workerImportRunner } from './importer/run-import-in-worker';
import { compareGroupCharts } from './metrics/compare-charts';
import { compareGroups } from './metrics/compare-groups';
import { computeDashboard } from './metrics/dashboard';
import { selectStreams } from './metrics/select-streams';
import { renderReport } from './report/render-report';
import { buildReport } from './report/report-model';
import { EventHub } from './runtime/event-hub';
import { ImportJobs } from './runtime/import-jobs';
import { type FactsSnapshot, loadFactsSnapshot } from './store/facts-snapshot';
import { ImportWriter } from './store/import-writer';
import {
  filterOptions,
  getAppSummary,
  listApps,
  listProjects,
  listSources,
  sourceLocations,
} from './store/library-queries';
import { openStore, type StoreDatabase } from './store/open-store';
import { listProblems } from './store/problem-queries';
import { filePath, getRunDetail } from './store/run-queries';
import { removeSource } from './store/source-admin';
import { allStreams, queryStreams } from './store/stream-queries';

export type Handlers = { [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> };

export interface ServiceOptions {
  databasePath: string;
  host: 'electron' | 'serve';
  version?: string;
  nativeBinding?: string;
  importRunner?: ImportRunner;
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

const MAX_READBACK = 64 * 1024 * 1024;
const MAX_CACHED_DASHBOARDS = 24;

/** A user-facing error: hosts show its message as is. */
export class ServiceError extends Error {}

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
  hub.on('data:changed', () => {
    snapshot = null;
    dashboards.clear();
  });
  const facts = (): FactsSnapshot => {
    snapshot ??= loadFactsSnapshot(db);
    return snapshot;
  };

  const addFolder = (folder: string): { jobId: string } => {
    const resolved = path.resolve(folder);
    let isDir = false;
    try {
      isDir = statSync(resolved).isDirectory() || statSync(resolved).isFile();
    } catch (error) {
      throw new ServiceError(`Cannot open ${resolved}: ${describeFsError(error)}.`);
    }
    if (!isDir) throw new ServiceError(`Cannot open ${resolved}: not a folder or file.`);
    new ImportWriter(db).ensureSource('folder', resolved);
    hub.emit('data:changed', { reason: 'source added' });
    return { jobId: jobs.enqueue([resolved]) };
  };

  const handlers: Handlers = {
    'app:info': async () => ({
      version: options.version ?? '0.0.0',
      databasePath: options.databasePath,
      host: options.host,
    }),
    'sources:list': async () => listSources(db),
    'sources:add': async ({ path: folder }) => addFolder(folder),
    'sources:remove': async ({ sourceId }) => {
      const result = removeSource(db, sourceId);
      hub.emit('data:changed', { reason: 'source removed' });
      return result;
    },
    'import:start': async ({ sourceIds }) => {
      const sources = sourceLocations(db, sourceIds).filter((s) => s.kind === 'folder');
      if (sources.length === 0)
        throw new ServiceError(
          'Nothing to import: open a folder that holds Burr tracker logs first (e.g. ~/.burr).',
        );
      const missing = sources.filter((s) => !existsSync(s.location));
      if (missing.length === sources.length) {
        throw new ServiceError(
          `The source folder is gone: ${missing.map((s) => s.location).join(', ')}. Remove it or restore the folder.`,
        );
      }
      return { jobId: jobs.enqueue(sources.filter((s) => existsSync(s.location)).map((s) => s.location)) };
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
        dashboard = computeDashboard(selectStreams(facts(), filter), { ttftLog, splitSort });
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
    'events:read': async ({ fileRef, offset, length }) => readBack(db, fileRef, offset, length),
    'problems:list': async ({ sourceId, limit }) => listProblems(db, sourceId, limit),
    'compare:run': async ({ groups }) => {
      const inputs = groups.map((g) => ({ name: g.name, streams: allStreams(db, g.filter) }));
      return { comparison: compareGroups(inputs), groups: inputs.map(compareGroupCharts) };
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
    whenIdle: () => jobs.whenIdle(),
    clearDashboardCache: () => dashboards.clear(),
    close: () => db.close(),
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

/** Reads a source line back from its file: big payloads (state, result) are never copied into the database. */
function readBack(db: StoreDatabase, fileRef: number, offset: number, length: number) {
  const file = filePath(db, fileRef);
  if (!file) throw new ServiceError('That line belongs to a file that is no longer in the library.');
  const want = Math.min(length, MAX_READBACK);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new ServiceError(`Cannot read ${file}: ${describeFsError(error)}.`);
  }
  try {
    const buf = Buffer.alloc(want);
    const n = readSync(fd, buf, 0, want, offset);
    return { path: file, text: buf.toString('utf8', 0, n).replace(/\r?\n$/, ''), truncated: want < length };
  } finally {
    closeSync(fd);
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
