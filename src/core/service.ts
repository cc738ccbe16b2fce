import { appHandlers } from './handlers/app-handlers';
import { compareHandlers } from './handlers/compare-handlers';
import { dashboardDomain } from './handlers/dashboard-handlers';
import { exportHandlers } from './handlers/export-handlers';
import type { Handlers } from './handlers/handler-types';
import { addFolder, importHandlers } from './handlers/import-handlers';
import { libraryHandlers } from './handlers/library-handlers';
import { qualityHandlers } from './handlers/quality-handlers';
import { runHandlers } from './handlers/run-handlers';
import { s3Handlers } from './handlers/s3-handlers';
import { checkDashboardPart } from './handlers/saved-dashboard';
import type { ServiceContext, ServiceOptions } from './handlers/service-context';
import { sloHandlers } from './handlers/slo-handlers';
import { streamHandlers } from './handlers/stream-handlers';
import { workerImportRunner } from './importer/run-import-in-worker';
import { EventHub } from './runtime/event-hub';
import { FactsCache, type SnapshotOrigin } from './runtime/facts-cache';
import { ImportJobs } from './runtime/import-jobs';
import { LiveWatching } from './runtime/live-watching';
import { S3Syncs } from './runtime/s3-syncs';
import { SavedViews, savedViewsFile } from './runtime/saved-views';
import { ServiceError } from './service-error';
import { readFactsStamp } from './store/facts-version';
import { sourceLocations } from './store/library-queries';
import { openStore } from './store/open-store';
import { problemsStamp } from './store/problem-queries';

export type { Handlers } from './handlers/handler-types';
export type { ServiceOptions } from './handlers/service-context';
export { ServiceError };

/** Live folders' catch-up starts after the dashboards' first read, or this long after start at most. */
const LIVE_START_AT_MOST_MS = 2000;

export interface Service {
  handlers: Handlers;
  on: EventHub['on'];
  /** Adds a folder as a source and imports it (in the background). */
  addFolder(folder: string): { jobId: string };
  whenIdle(): Promise<void>;
  /** Forgets computed dashboards (not the snapshot): benchmarks measure the computation itself. */
  clearDashboardCache(): void;
  /** Waits for the dashboard snapshot's save to its file; says where the last full load came from. */
  snapshotSaved(): Promise<SnapshotOrigin | null>;
  close(): void;
}

/**
 * The API contract implemented on top of the core: the one entry for every host. This is only the
 * composition root: each domain module (src/core/handlers) owns its methods, and the background
 * services (src/core/runtime: import jobs, live folders, S3 syncs, the facts snapshot) start here
 * and stop on close.
 */
export function createService(options: ServiceOptions): Service {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const db = openStore(options.databasePath, binding);
  const hub = new EventHub();
  const jobs = new ImportJobs(
    options.databasePath,
    options.importRunner ?? workerImportRunner(binding),
    hub,
    () => problemsStamp(db),
  );
  const ctx: ServiceContext = {
    options,
    db,
    hub,
    jobs,
    live: options.watch === false ? null : new LiveWatching(db, hub, jobs),
    s3: new S3Syncs(db, jobs, options.databasePath),
    facts: new FactsCache(db, hub, options),
  };
  // The dashboards answered last, for the next start to show at once (saved-views.ts).
  const views = new SavedViews(
    savedViewsFile(options.databasePath),
    () => readFactsStamp(db),
    checkDashboardPart,
  );
  const dashboard = dashboardDomain(ctx.facts, views, {
    ...(options.changePointsWorkerFile ? { changePoints: options.changePointsWorkerFile } : {}),
    ...(options.momentsWorkerFile ? { moments: options.momentsWorkerFile } : {}),
  });

  const firstRead = ctx.facts.start();
  // Live folders catch up after the dashboards' first read (at most 2 s later than now).
  ctx.live?.startAfter(firstRead, LIVE_START_AT_MOST_MS, () =>
    sourceLocations(db)
      .filter((s) => s.kind === 'folder')
      .map((s) => s.location),
  );
  ctx.s3.start(options.s3AutoSyncMinutes ?? 5);

  const handlers: Handlers = {
    ...appHandlers(ctx),
    ...libraryHandlers(db, ctx.facts),
    ...importHandlers(ctx),
    ...s3Handlers(ctx),
    ...dashboard.handlers,
    ...streamHandlers(ctx),
    ...runHandlers(db),
    ...compareHandlers(db),
    ...exportHandlers(db),
    ...sloHandlers(ctx),
    ...qualityHandlers(ctx),
  };

  return {
    handlers,
    on: hub.on.bind(hub),
    addFolder: (folder) => addFolder(ctx, folder),
    whenIdle: async () => {
      // A catch-up import may start once the watches are in place: wait for it too.
      if (ctx.live) await ctx.live.whenIdle();
      else await jobs.whenIdle();
    },
    clearDashboardCache: dashboard.clearCache,
    snapshotSaved: async () => {
      await ctx.facts.saved();
      return ctx.facts.lastOrigin;
    },
    close: () => {
      views.close();
      dashboard.close();
      ctx.s3.stop();
      ctx.facts.stop();
      ctx.live?.stop();
      db.close();
    },
  };
}
