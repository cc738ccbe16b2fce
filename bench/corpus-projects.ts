/** The simulated models and projects of the benchmark corpus. */
import type { AppKind } from './corpus-lines';

export interface ModelProfile {
  name: string;
  ttftMedianMs: number;
  ttftSigma: number;
  perItemMedianMs: number;
  perItemSigma: number;
  itemsMedian: number;
  itemsSigma: number;
}

// Fast and slow models differ in TTFT, per-token time and answer length, so every derived
// distribution differs between them; the slow model's TTFT has the long tail of a loaded API.
export const FAST_MODEL: ModelProfile = {
  name: 'fast-model',
  ttftMedianMs: 70,
  ttftSigma: 0.45,
  perItemMedianMs: 6,
  perItemSigma: 0.25,
  itemsMedian: 170,
  itemsSigma: 0.6,
};
export const SLOW_MODEL: ModelProfile = {
  name: 'slow-model',
  ttftMedianMs: 650,
  ttftSigma: 0.7,
  perItemMedianMs: 32,
  perItemSigma: 0.3,
  itemsMedian: 300,
  itemsSigma: 0.6,
};
export const LEGACY_MODEL: ModelProfile = {
  name: 'legacy-model',
  ttftMedianMs: 250,
  ttftSigma: 0.6,
  perItemMedianMs: 15,
  perItemSigma: 0.3,
  itemsMedian: 200,
  itemsSigma: 0.6,
};
export const AGENT_MODEL: ModelProfile = {
  name: 'agent-model',
  ttftMedianMs: 120,
  ttftSigma: 0.5,
  perItemMedianMs: 9,
  perItemSigma: 0.25,
  itemsMedian: 60,
  itemsSigma: 0.5,
};

export interface ProjectSpec {
  name: string;
  layout: 'local' | 's3';
  kind: AppKind;
  /** `hooks`: end_stream carries generation/consumer/first-item ms; `legacy`: a plain 0.40 tracker. */
  timing: 'hooks' | 'legacy';
  /** Each app picks one (app ids of model-run projects name the model, as in the fixtures). */
  models: ModelProfile[];
  appIds: 'model-run' | 'uuid' | 'agent';
  partitionPrefix: string;
  partitionCount: number;
  /** Share of apps without a partition key (`__none__` folder on S3). */
  nullPartitionShare: number;
  /** Offset of the writer's naive local clock (step/span times) from UTC (stream/attribute times). */
  tzOffsetMinutes: number;
  /** Share of its layout's bytes. */
  weight: number;
  maxTokens: number;
  /** A nested `rerank` span under `vector_search` (parent_span_id set). */
  nestedSpans: boolean;
  /** Median chat turns (or draft/review cycles) per app. */
  turnsMedian: number;
  /** At most this many turns (or cycles) per app; default 40 (30 cycles). */
  maxTurns?: number;
  /** Consumer time per item: a chat UI is quick, a TTS or tool-calling consumer is slow. */
  consumerMsPerItem: [number, number];
  /** S3 tracker flush interval in seconds (one log object per flush that has events). */
  flushIntervalS: number;
}

const BASE = {
  partitionPrefix: 'user-',
  partitionCount: 4,
  nullPartitionShare: 0.5,
  tzOffsetMinutes: 0,
  maxTokens: 512,
  nestedSpans: false,
  turnsMedian: 6,
  consumerMsPerItem: [1, 6] as [number, number],
  flushIntervalS: 0,
};

// Three of ten projects are legacy (~70% of projects carry the timing fields). Local first,
// then S3; each layout ends with a chatbot project so late "heavy" turns find a retrieve step.
// Non-zero time-zone offsets (including +05:30) catch any duration that mixes clock families.
export const PROJECTS: ProjectSpec[] = [
  {
    ...BASE,
    name: 'chatbot-fast',
    layout: 'local',
    kind: 'chatbot',
    timing: 'hooks',
    models: [FAST_MODEL],
    appIds: 'model-run',
    partitionCount: 6,
    weight: 3,
    turnsMedian: 7,
  },
  {
    ...BASE,
    name: 'agent-async',
    layout: 'local',
    kind: 'agent',
    timing: 'hooks',
    models: [AGENT_MODEL],
    appIds: 'agent',
    nullPartitionShare: 1,
    weight: 0.6,
    maxTokens: 256,
    consumerMsPerItem: [1, 4],
  },
  {
    ...BASE,
    name: 'chatbot-slow',
    layout: 'local',
    kind: 'chatbot',
    timing: 'hooks',
    models: [SLOW_MODEL],
    appIds: 'model-run',
    nullPartitionShare: 1,
    tzOffsetMinutes: -300,
    weight: 2,
    maxTokens: 1024,
  },
  {
    ...BASE,
    name: 'chatbot-legacy',
    layout: 'local',
    kind: 'chatbot',
    timing: 'legacy',
    models: [LEGACY_MODEL],
    appIds: 'model-run',
    nullPartitionShare: 0.7,
    tzOffsetMinutes: 60,
    weight: 1.5,
  },
  {
    ...BASE,
    name: 'rag-eu',
    layout: 'local',
    kind: 'chatbot',
    timing: 'hooks',
    models: [SLOW_MODEL, FAST_MODEL],
    appIds: 'uuid',
    partitionPrefix: 'tenant-',
    partitionCount: 5,
    nullPartitionShare: 0.2,
    tzOffsetMinutes: 120,
    weight: 1.5,
    maxTokens: 1024,
    nestedSpans: true,
    turnsMedian: 5,
    consumerMsPerItem: [1, 5],
  },
  {
    ...BASE,
    name: 'chatbot-models',
    layout: 'local',
    kind: 'chatbot',
    timing: 'hooks',
    models: [FAST_MODEL, SLOW_MODEL],
    appIds: 'model-run',
    partitionCount: 5,
    weight: 3,
    turnsMedian: 8,
  },
  {
    ...BASE,
    name: 'agent-legacy-s3',
    layout: 's3',
    kind: 'agent',
    timing: 'legacy',
    models: [AGENT_MODEL],
    appIds: 'uuid',
    partitionPrefix: 'tenant-',
    partitionCount: 3,
    nullPartitionShare: 0.3,
    weight: 0.4,
    maxTokens: 256,
    turnsMedian: 8,
    consumerMsPerItem: [1, 4],
    flushIntervalS: 2,
  },
  {
    ...BASE,
    name: 'chatbot-s3',
    layout: 's3',
    kind: 'chatbot',
    timing: 'legacy',
    models: [LEGACY_MODEL],
    appIds: 'model-run',
    partitionPrefix: 'tenant-',
    partitionCount: 2,
    nullPartitionShare: 0.25,
    weight: 1,
    flushIntervalS: 3,
  },
  {
    ...BASE,
    name: 'summarizer-s3',
    layout: 's3',
    kind: 'chatbot',
    timing: 'hooks',
    models: [SLOW_MODEL],
    appIds: 'uuid',
    partitionPrefix: 'tenant-',
    tzOffsetMinutes: 330,
    weight: 1,
    maxTokens: 1024,
    turnsMedian: 4,
    consumerMsPerItem: [2, 8],
    flushIntervalS: 4,
  },
  {
    ...BASE,
    name: 'support-bot-s3',
    layout: 's3',
    kind: 'chatbot',
    timing: 'hooks',
    models: [FAST_MODEL],
    appIds: 'uuid',
    partitionPrefix: 'tenant-',
    partitionCount: 8,
    nullPartitionShare: 0.1,
    weight: 1.5,
    nestedSpans: true,
    turnsMedian: 7,
    consumerMsPerItem: [8, 25],
    flushIntervalS: 2,
  },
];
