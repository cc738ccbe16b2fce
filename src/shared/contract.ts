import { z } from 'zod';
import { groupBySchema, streamFilterSchema } from './filter';
import { compareGroupChartsSchema, comparisonSchema } from './schemas/compare';
import { dashboardSchema } from './schemas/dashboard';
import { importProgressSchema, importSummarySchema } from './schemas/import';
import { appSummarySchema, filterOptionsSchema, projectSummarySchema, sourceSchema } from './schemas/library';
import { problemsSchema } from './schemas/problems';
import { percentileRankSchema, timingFlagsAnswerSchema } from './schemas/quality';
import { recordedLineSchema, runSchema } from './schemas/run';
import { projectSloSchema, sloGetRequestSchema, sloSetRequestSchema } from './schemas/slo';
import { sloSchema } from './slo';
import { streamRowSchema } from './stream-row';
import { STREAM_SORT_KEYS } from './stream-sort-keys';

export { STREAM_SORT_KEYS };

/**
 * The API between the renderer and the core. Each method has a zod request
 * and response schema; TypeScript types come from them. Three hosts bind this
 * same list: Electron IPC (src/main), the HTTP `serve` host (src/cli) and the
 * CLI. Hosts validate every request before the service sees it.
 *
 * Every schema is closed (strict objects, no `unknown`): the shapes of the answers live in
 * `./schemas/*`, one file per domain, and the core's types are inferred from them.
 */

const streamSortSchema = z.strictObject({
  by: z.enum(STREAM_SORT_KEYS),
  dir: z.enum(['asc', 'desc']),
});

export const compareGroupSchema = z.strictObject({
  name: z.string().min(1).max(80),
  filter: streamFilterSchema,
});
export const exportFormatSchema = z.enum(['csv', 'json', 'md', 'html']);

const empty = z.object({}).strict();

export const contract = {
  'app:info': {
    request: empty,
    response: z.strictObject({
      version: z.string(),
      databasePath: z.string(),
      host: z.enum(['electron', 'serve']),
      /** The log file to attach to a bug report; null where the host keeps none (serve). */
      logPath: z.string().nullable(),
      /** Whether `shell:show-in-folder` can open the system's file manager here (the desktop app). */
      canShowInFolder: z.boolean(),
    }),
  },
  'shell:show-in-folder': {
    /** By id only: the host shows the path the library recorded, never one the page names. */
    request: z.union([
      z.object({ sourceId: z.number().int() }).strict(),
      z.object({ fileRef: z.number().int() }).strict(),
    ]),
    response: z.strictObject({ path: z.string() }),
  },
  'sources:list': { request: empty, response: z.array(sourceSchema) },
  'sources:add': {
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    response: z.strictObject({ jobId: z.string() }),
  },
  'sources:add-s3': {
    /** A bucket written by Burr's S3TrackingClient. Credentials come from the AWS chain, never from here. */
    request: z
      .object({
        bucket: z.string().min(1).max(255),
        prefix: z.string().max(1024).optional(),
        region: z.string().max(64).optional(),
        endpoint: z.string().max(2048).optional(),
        forcePathStyle: z.boolean().optional(),
        profile: z.string().max(128).optional(),
      })
      .strict(),
    response: z.strictObject({ sourceId: z.number(), jobId: z.string() }),
  },
  'sources:remove': {
    request: z.object({ sourceId: z.number().int() }).strict(),
    response: z.strictObject({ removedApps: z.number() }),
  },
  'import:start': {
    /** Re-imports the given sources (all when empty): only new bytes are read. */
    request: z.object({ sourceIds: z.array(z.number().int()).max(1000).optional() }).strict(),
    response: z.strictObject({ jobId: z.string() }),
  },
  'import:cancel': {
    request: z.object({ jobId: z.string().max(100) }).strict(),
    response: z.strictObject({ cancelled: z.boolean() }),
  },
  'import:status': {
    request: empty,
    response: z.strictObject({
      running: z.strictObject({ jobId: z.string(), progress: importProgressSchema.nullable() }).nullable(),
      last: importSummarySchema.nullable(),
    }),
  },
  'library:projects': {
    request: z.object({ sourceId: z.number().int().optional() }).strict(),
    response: z.array(projectSummarySchema),
  },
  'library:apps': {
    request: z.strictObject({
      filter: streamFilterSchema,
      limit: z.number().int().min(1).max(5000).default(500),
      offset: z.number().int().min(0).default(0),
    }),
    response: z.strictObject({ total: z.number(), apps: z.array(appSummarySchema) }),
  },
  'filters:options': {
    request: z.object({ project: z.string().optional() }).strict(),
    response: filterOptionsSchema,
  },
  'dashboard:get': {
    request: z.strictObject({
      filter: streamFilterSchema,
      ttftLog: z.boolean().default(false),
      splitSort: z.enum(['total', 'generation', 'consumer', 'share']).default('total'),
      /** Latency SLOs: the answer's `goodput` is then the selection's. */
      slo: sloSchema.optional(),
      /** Change points of the trend's series (markers on the trend chart). */
      changePoints: z.boolean().optional(),
    }),
    response: dashboardSchema,
  },
  'streams:query': {
    request: z.strictObject({
      filter: streamFilterSchema,
      sort: streamSortSchema.default({ by: 'stream_start', dir: 'desc' }),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(200),
      /** Rank each row's TTFT within this selection instead of `filter` (the run view: the app's rows in the current filter). */
      rankWithin: streamFilterSchema.optional(),
    }),
    response: z.strictObject({
      total: z.number(),
      rows: z.array(streamRowSchema),
      /** Per row: its TTFT's percentile rank in the selection (failed streams excluded: null). */
      ttftRanks: z.array(percentileRankSchema.nullable()),
    }),
  },
  'runs:get': {
    request: z.object({ appRef: z.number().int() }).strict(),
    response: runSchema,
  },
  'events:read': {
    request: z
      .object({
        fileRef: z.number().int(),
        offset: z.number().int().min(0),
        length: z
          .number()
          .int()
          .min(0)
          .max(64 * 1024 * 1024),
      })
      .strict(),
    response: recordedLineSchema,
  },
  'problems:list': {
    request: z.strictObject({
      sourceId: z.number().int().optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    response: problemsSchema,
  },
  'problems:timing': {
    /** Suspicious timing (data-quality flags) over one source's streams, or every stream. */
    request: z.strictObject({ sourceId: z.number().int().optional() }),
    response: timingFlagsAnswerSchema,
  },
  'slo:get': { request: sloGetRequestSchema, response: projectSloSchema },
  'slo:set': { request: sloSetRequestSchema, response: projectSloSchema },
  'compare:run': {
    request: z
      .object({
        groups: z.array(compareGroupSchema).min(2).max(6),
        /** Latency SLOs: the comparison then has each group's goodput and the difference's significance. */
        slo: sloSchema.optional(),
      })
      .strict(),
    /** The comparison (computed by core/metrics/compare-groups) plus per-group chart data. */
    response: z.strictObject({ comparison: comparisonSchema, groups: z.array(compareGroupChartsSchema) }),
  },
  'export:render': {
    request: z.strictObject({
      format: exportFormatSchema,
      filter: streamFilterSchema,
      groupBy: groupBySchema.default('project'),
      compare: z.array(compareGroupSchema).min(2).max(6).optional(),
      /** Latency SLOs: each group (and compared group) then carries its goodput. */
      slo: sloSchema.optional(),
      /** Find change points of each metric's p50 and p90 over time (E-divisive means). */
      regressions: z.boolean().optional(),
    }),
    response: z.strictObject({ filename: z.string(), mime: z.string(), content: z.string() }),
  },
  'export:pdf': {
    /** The HTML report printed to PDF. Desktop only (Electron's printToPDF); `serve` says to print the HTML export. */
    request: z.strictObject({
      filter: streamFilterSchema,
      groupBy: groupBySchema.default('project'),
      compare: z.array(compareGroupSchema).min(2).max(6).optional(),
      /** Latency SLOs: each group (and compared group) then carries its goodput. */
      slo: sloSchema.optional(),
      /** Find change points of each metric's p50 and p90 over time (E-divisive means). */
      regressions: z.boolean().optional(),
    }),
    response: z.strictObject({
      filename: z.string(),
      mime: z.literal('application/pdf'),
      base64: z.string(),
    }),
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends MethodName> = z.output<Contract[M]['response']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/**
 * What a `data:changed` event can name: stream rows and everything computed from them (dashboards,
 * the library, filter options, runs), the source list, Problems (quarantine, notices, file errors),
 * and settings kept in the library (a project's SLOs).
 */
export const dataTopicSchema = z.enum(['streams', 'sources', 'problems', 'settings']);
export type DataTopic = z.infer<typeof dataTopicSchema>;

/** Pushes from the core to every open view. */
export const events = {
  'import:progress': z.strictObject({ jobId: z.string(), progress: importProgressSchema }),
  'import:done': z.strictObject({
    jobId: z.string(),
    summary: importSummarySchema.nullable(),
    error: z.string().nullable(),
  }),
  /**
   * What changed, so a view refetches only the queries that read it. `apps`: with 'streams',
   * only these apps' rows changed (absent: any may have).
   */
  'data:changed': z
    .object({
      reason: z.string(),
      topics: z.array(dataTopicSchema).min(1),
      apps: z.array(z.number()).optional(),
    })
    .strict(),
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** What `window.api` looks like to the renderer, whichever host it runs in. */
export type Api = { [M in MethodName]: (request: RequestOf<M>) => Promise<ResponseOf<M>> } & {
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
};
