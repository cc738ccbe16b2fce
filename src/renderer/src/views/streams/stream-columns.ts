import {
  formatCount,
  formatMs,
  formatNumber,
  formatShare,
  percentileRankLabel,
} from '../../../../shared/format';
import { formatIsoLocal } from '../../lib/format-time';
import type { StreamSortBy } from '../../state/app-state';
import type { RankedRow as StreamRow } from './use-stream-pages';

export interface StreamColumn {
  id: string;
  label: string;
  width: number;
  num?: boolean;
  /** Present when the core can sort by it. */
  sort?: StreamSortBy;
  /** Descending first for numbers (slowest on top), ascending for names. */
  firstDir?: 'asc' | 'desc';
  render: (r: StreamRow) => string;
  /** Extra class: meaning colour, or legacy style when the number is timestamp-derived. */
  cls?: (r: StreamRow) => string;
  title: string;
}

const legacyIf = (base: string) => (r: StreamRow) => (r.timing_source === 'legacy' ? 'legacy' : base);

export const STREAM_COLUMNS: StreamColumn[] = [
  {
    id: 'status',
    label: '',
    width: 64,
    render: (r) => (r.failed ? 'failed' : ''),
    cls: () => 'status',
    title: 'Failed streams are marked red',
  },
  {
    id: 'start',
    label: 'stream start',
    width: 150,
    sort: 'stream_start',
    firstDir: 'desc',
    render: (r) => formatIsoLocal(r.stream_start),
    title: 'Stream start, your local time',
  },
  {
    id: 'project',
    label: 'project',
    width: 140,
    sort: 'project',
    firstDir: 'asc',
    render: (r) => r.project,
    title: 'Project',
  },
  {
    id: 'app',
    label: 'app id',
    width: 230,
    sort: 'app_id',
    firstDir: 'asc',
    render: (r) => r.app_id,
    title: 'Burr app id',
  },
  {
    id: 'seq',
    label: 'step',
    width: 52,
    num: true,
    render: (r) => `#${r.sequence_id}`,
    title: 'Step sequence id',
  },
  {
    id: 'action',
    label: 'action',
    width: 130,
    sort: 'action',
    firstDir: 'asc',
    render: (r) => r.action ?? '–',
    title: 'Action',
  },
  {
    id: 'partition',
    label: 'partition',
    width: 110,
    sort: 'partition_key',
    firstDir: 'asc',
    render: (r) => r.partition_key ?? '–',
    title: 'Partition key',
  },
  {
    id: 'ttft',
    label: 'TTFT',
    width: 86,
    num: true,
    sort: 'ttft_ms',
    firstDir: 'desc',
    render: (r) => formatMs(r.ttft_ms),
    cls: legacyIf('ttft'),
    title: 'Time to first token; italic = legacy, from timestamps',
  },
  {
    id: 'ttftRank',
    label: 'TTFT rank',
    width: 96,
    num: true,
    render: (r) => (r.ttftRank ? percentileRankLabel(r.ttftRank) : r.failed ? 'failed' : '–'),
    cls: () => 'rank',
    title:
      'Where this TTFT stands in the selection: p97 = slower than 97% of its streams (ties count half); failed streams are not ranked',
  },
  {
    id: 'gen',
    label: 'generation',
    width: 94,
    num: true,
    sort: 'generation_ms',
    firstDir: 'desc',
    render: (r) => formatMs(r.generation_ms),
    cls: () => 'gen',
    title: 'Time inside the generator (hooks only)',
  },
  {
    id: 'consumer',
    label: 'consumer',
    width: 90,
    num: true,
    sort: 'consumer_ms',
    firstDir: 'desc',
    render: (r) => formatMs(r.consumer_ms),
    cls: () => 'consumer',
    title: 'Time the consumer spent between items (hooks only)',
  },
  {
    id: 'share',
    label: 'gen share',
    width: 78,
    num: true,
    sort: 'gen_share',
    firstDir: 'desc',
    render: (r) => formatShare(r.gen_share),
    title: 'generation / (generation + consumer)',
  },
  {
    id: 'stream',
    label: 'stream',
    width: 86,
    num: true,
    sort: 'stream_ms',
    firstDir: 'desc',
    render: (r) => formatMs(r.stream_ms),
    title: 'end_stream − stream start',
  },
  {
    id: 'items',
    label: 'items',
    width: 64,
    num: true,
    sort: 'items',
    firstDir: 'desc',
    render: (r) => formatCount(r.items),
    title: 'Items the consumer received',
  },
  {
    id: 'ips',
    label: 'items/s',
    width: 78,
    num: true,
    sort: 'items_per_s',
    firstDir: 'desc',
    render: (r) => formatNumber(r.items_per_s),
    cls: legacyIf(''),
    title: 'items / generation s; legacy (italic): items / stream s',
  },
  {
    id: 'inter',
    label: 'inter-item',
    width: 86,
    num: true,
    sort: 'inter_item_ms',
    firstDir: 'desc',
    render: (r) => formatMs(r.inter_item_ms),
    cls: legacyIf(''),
    title: '(generation − TTFT) / (items − 1); legacy (italic) includes consumer time',
  },
  {
    id: 'legacy',
    label: 'legacy ms/item',
    width: 104,
    num: true,
    sort: 'legacy_ms_per_item',
    firstDir: 'desc',
    render: (r) => formatMs(r.legacy_ms_per_item),
    cls: () => 'legacy',
    title: "legacy: (end − first item) / items, Burr UI's formula",
  },
  {
    id: 'source',
    label: 'timing',
    width: 68,
    render: (r) => r.timing_source,
    cls: legacyIf(''),
    title: 'hooks: timing fields; legacy: derived from timestamps',
  },
];
