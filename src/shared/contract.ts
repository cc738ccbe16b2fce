import { z } from 'zod';
import { groupBySchema, streamFilterSchema } from './filter';
import { statsSchema, streamRowSchema } from './stream-row';

/**
 * The API between the renderer and the core. Each method has a zod request
 * and response schema; TypeScript types come from them. Three hosts bind this
 * same list: Electron IPC (src/main), the HTTP `serve` host (src/cli) and the
 * CLI. Hosts validate every request before the service sees it.
 */

const histogramSchema = z.object({ edges: z.array(z.number()), counts: z.array(z.number()) });
const cdfSchema = z.array(z.object({ x: z.number(), p: z.number() }));
const metricStatsSchema = z.record(z.string(), statsSchema);

export const importProgressSchema = z.object({
  phase: z.enum(['scanning', 'importing', 'done']),
  filesDone: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  lines: z.number(),
  quarantined: z.number(),
  elapsedMs: z.number(),
  bytesPerSecond: z.number(),
  currentFile: z.string().nullable(),
});

const projectCountsSchema = z.object({
  apps: z.number(),
  steps: z.number(),
  streams: z.number(),
  failed_streams: z.number(),
  timed_streams: z.number(),
  spans: z.number(),
  attributes: z.number(),
});

export const importSummarySchema = z.object({
  files: z.number(),
  files_read: z.number(),
  files_unchanged: z.number(),
  file_errors: z.number(),
  bytes: z.number(),
  lines: z.number(),
  quarantined: z.number(),
  invalid_utf8_lines: z.number(),
  seconds: z.number(),
  cancelled: z.boolean(),
  rereads: z.array(z.object({ path: z.string(), reason: z.string() })),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  projects: z.record(z.string(), projectCountsSchema),
  changed_apps: z.array(z.number()).optional(),
});

const sourceSchema = z.object({
  id: z.number(),
  kind: z.enum(['folder', 's3']),
  location: z.string(),
  addedAt: z.string(),
  lastImportAt: z.string().nullable(),
  files: z.number(),
  apps: z.number(),
  quarantined: z.number(),
  fileErrors: z.number(),
});

const projectSummarySchema = z.object({
  name: z.string(),
  apps: z.number(),
  streams: z.number(),
  failedStreams: z.number(),
  lastWrittenMs: z.number().nullable(),
});

const appSummarySchema = z.object({
  appRef: z.number(),
  project: z.string(),
  appId: z.string(),
  partitionKey: z.string().nullable(),
  layout: z.enum(['local', 's3']),
  steps: z.number(),
  streams: z.number(),
  failedSteps: z.number(),
  lastWrittenMs: z.number().nullable(),
});

const splitBarSchema = z.object({
  streamId: z.number(),
  appRef: z.number(),
  appId: z.string(),
  sequenceId: z.number(),
  action: z.string().nullable(),
  generationMs: z.number(),
  consumerMs: z.number(),
});

const breakdownRowSchema = z.object({
  key: z.string().nullable(),
  streams: z.number(),
  failed: z.number(),
  ttft: statsSchema,
  generation: statsSchema,
  itemsPerS: statsSchema,
});

const trendPointSchema = z.object({
  /** Bucket start, epoch ms UTC. */
  t: z.number(),
  n: z.number(),
  ttftP50: z.number().nullable(),
  ttftP90: z.number().nullable(),
  itemsPerSP50: z.number().nullable(),
  itemsPerSP90: z.number().nullable(),
});

export const dashboardSchema = z.object({
  counts: z.object({
    streams: z.number(),
    failed: z.number(),
    hooks: z.number(),
    legacy: z.number(),
    apps: z.number(),
  }),
  stats: metricStatsSchema,
  ttft: z.object({
    histogram: histogramSchema,
    cdf: cdfSchema,
    legacyCount: z.number(),
  }),
  split: z.object({ bars: z.array(splitBarSchema), total: z.number() }),
  scatter: z.array(splitBarSchema),
  throughput: z.object({
    itemsPerS: histogramSchema,
    interItemMs: histogramSchema,
    legacyMsPerItem: histogramSchema,
    legacyCount: z.number(),
  }),
  trend: z.object({ bucketMs: z.number(), points: z.array(trendPointSchema) }),
  byAction: z.array(breakdownRowSchema),
  byPartition: z.array(breakdownRowSchema),
});

const stepSchema = z.object({
  sequenceId: z.number(),
  action: z.string().nullable(),
  /** Naive local times of the writer, as written. */
  start: z.string().nullable(),
  end: z.string().nullable(),
  durationMs: z.number().nullable(),
  failed: z.boolean(),
  exception: z.string().nullable(),
  beginRef: z.object({ fileRef: z.number(), offset: z.number(), length: z.number() }).nullable(),
  endRef: z.object({ fileRef: z.number(), offset: z.number(), length: z.number() }).nullable(),
});

const spanSchema = z.object({
  sequenceId: z.number(),
  spanId: z.string(),
  name: z.string().nullable(),
  parentSpanId: z.string().nullable(),
  /** Offset from its step's start, ms; null when the clocks cannot be related. */
  startOffsetMs: z.number().nullable(),
  durationMs: z.number().nullable(),
});

const attributeSchema = z.object({
  sequenceId: z.number(),
  spanId: z.string().nullable(),
  key: z.string(),
  value: z.string().nullable(),
  cut: z.boolean(),
});

export const runSchema = z.object({
  app: appSummarySchema.extend({
    graph: z.object({ entrypoint: z.string().nullable(), actions: z.array(z.string()) }).nullable(),
    parentPointer: z.string().nullable(),
    spawningParentPointer: z.string().nullable(),
  }),
  steps: z.array(stepSchema),
  spans: z.array(spanSchema),
  streams: z.array(streamRowSchema),
  attributes: z.array(attributeSchema),
});

const quarantineRowSchema = z.object({
  id: z.number(),
  /** The file, for `shell:show-in-folder` (the desktop app). */
  fileRef: z.number(),
  path: z.string(),
  lineNo: z.number(),
  byteOffset: z.number(),
  byteLength: z.number(),
  reason: z.string(),
  excerpt: z.string().nullable(),
  imported: z.boolean(),
  createdAt: z.string(),
});

const noticeSchema = z.object({
  id: z.number(),
  path: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  createdAt: z.string(),
});

/** Columns the stream table can sort by. */
export const STREAM_SORT_KEYS = [
  'stream_start',
  'app_id',
  'action',
  'ttft_ms',
  'generation_ms',
  'consumer_ms',
  'gen_share',
  'stream_ms',
  'items',
  'items_per_s',
  'inter_item_ms',
  'legacy_ms_per_item',
  'project',
  'partition_key',
] as const;

const streamSortSchema = z.object({
  by: z.enum(STREAM_SORT_KEYS),
  dir: z.enum(['asc', 'desc']),
});

export const compareGroupSchema = z.object({ name: z.string().min(1).max(80), filter: streamFilterSchema });
export const exportFormatSchema = z.enum(['csv', 'json', 'md', 'html']);

const empty = z.object({}).strict();

export const contract = {
  'app:info': {
    request: empty,
    response: z.object({
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
    response: z.object({ path: z.string() }),
  },
  'sources:list': { request: empty, response: z.array(sourceSchema) },
  'sources:add': {
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    response: z.object({ jobId: z.string() }),
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
    response: z.object({ sourceId: z.number(), jobId: z.string() }),
  },
  'sources:remove': {
    request: z.object({ sourceId: z.number().int() }).strict(),
    response: z.object({ removedApps: z.number() }),
  },
  'import:start': {
    /** Re-imports the given sources (all when empty): only new bytes are read. */
    request: z.object({ sourceIds: z.array(z.number().int()).max(1000).optional() }).strict(),
    response: z.object({ jobId: z.string() }),
  },
  'import:cancel': {
    request: z.object({ jobId: z.string().max(100) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'import:status': {
    request: empty,
    response: z.object({
      running: z.object({ jobId: z.string(), progress: importProgressSchema.nullable() }).nullable(),
      last: importSummarySchema.nullable(),
    }),
  },
  'library:projects': {
    request: z.object({ sourceId: z.number().int().optional() }).strict(),
    response: z.array(projectSummarySchema),
  },
  'library:apps': {
    request: z.object({
      filter: streamFilterSchema,
      limit: z.number().int().min(1).max(5000).default(500),
      offset: z.number().int().min(0).default(0),
    }),
    response: z.object({ total: z.number(), apps: z.array(appSummarySchema) }),
  },
  'filters:options': {
    request: z.object({ project: z.string().optional() }).strict(),
    response: z.object({
      partitionKeys: z.array(z.string()),
      actions: z.array(z.string()),
      firstStreamMs: z.number().nullable(),
      lastStreamMs: z.number().nullable(),
    }),
  },
  'dashboard:get': {
    request: z.object({
      filter: streamFilterSchema,
      ttftLog: z.boolean().default(false),
      splitSort: z.enum(['total', 'generation', 'consumer', 'share']).default('total'),
    }),
    response: dashboardSchema,
  },
  'streams:query': {
    request: z.object({
      filter: streamFilterSchema,
      sort: streamSortSchema.default({ by: 'stream_start', dir: 'desc' }),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(200),
    }),
    response: z.object({ total: z.number(), rows: z.array(streamRowSchema) }),
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
    response: z.object({ path: z.string(), text: z.string(), truncated: z.boolean() }),
  },
  'problems:list': {
    request: z.object({
      sourceId: z.number().int().optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    response: z.object({
      quarantineTotal: z.number(),
      quarantine: z.array(quarantineRowSchema),
      notices: z.array(noticeSchema),
      fileErrors: z.array(z.object({ path: z.string(), error: z.string() })),
    }),
  },
  'compare:run': {
    request: z.object({ groups: z.array(compareGroupSchema).min(2).max(6) }).strict(),
    /** The comparison (see core/metrics/compare-groups) plus per-group chart data. */
    response: z.object({
      comparison: z.unknown(),
      groups: z.array(
        z.object({
          name: z.string(),
          streams: z.number(),
          failed: z.number(),
          ttftCdf: cdfSchema,
          ttftHistogram: histogramSchema,
          generation: statsSchema,
          consumer: statsSchema,
          itemsPerS: statsSchema,
        }),
      ),
    }),
  },
  'export:render': {
    request: z.object({
      format: exportFormatSchema,
      filter: streamFilterSchema,
      groupBy: groupBySchema.default('project'),
      compare: z.array(compareGroupSchema).min(2).max(6).optional(),
    }),
    response: z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  },
  'export:pdf': {
    /** The HTML report printed to PDF. Desktop only (Electron's printToPDF); `serve` says to print the HTML export. */
    request: z.object({
      filter: streamFilterSchema,
      groupBy: groupBySchema.default('project'),
      compare: z.array(compareGroupSchema).min(2).max(6).optional(),
    }),
    response: z.object({ filename: z.string(), mime: z.literal('application/pdf'), base64: z.string() }),
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
 * the library, filter options, runs), the source list, and Problems (quarantine, notices, file errors).
 */
export const dataTopicSchema = z.enum(['streams', 'sources', 'problems']);
export type DataTopic = z.infer<typeof dataTopicSchema>;

/** Pushes from the core to every open view. */
export const events = {
  'import:progress': z.object({ jobId: z.string(), progress: importProgressSchema }),
  'import:done': z.object({
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
