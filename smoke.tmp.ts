import { writeFileSync } from 'node:fs';
import type { StreamRow } from './src/shared/stream-row';
import { compareGroups } from './src/core/metrics/compare-groups';
import { buildReport } from './src/core/report/report-model';
import { renderReport } from './src/core/report/render-report';
import { mulberry32 } from './src/core/metrics/bootstrap';
const rng = mulberry32(5);
let id = 1;
function mk(project: string, app: string, legacy: boolean, scale: number, failed = false): StreamRow {
  const ttft = Math.exp(Math.log(80 * scale) + rng() * 1.5);
  const items = 5 + Math.floor(rng() * 50);
  const gen = legacy ? null : ttft + items * (8 + rng() * 4);
  const cons = legacy ? null : items * (2 + rng() * 6);
  const streamMs = (gen ?? ttft + items * 12) + (cons ?? items * 4);
  return { stream_id: id++, project, app_id: app, partition_key: rng() < 0.5 ? null : 'user-1', sequence_id: id % 9, action: 'chat', step_start: '2024-05-01T10:00:00', step_end: '2024-05-01T10:00:01', stream_start: '2024-05-01T08:00:00Z', failed, timing_source: legacy ? 'legacy' : 'hooks', items, ttft_ms: ttft, generation_ms: gen, consumer_ms: cons, gen_share: gen !== null && cons !== null ? gen / (gen + cons) : null, stream_ms: streamMs, legacy_ms_per_item: (streamMs - ttft) / items, inter_item_ms: legacy ? (streamMs - ttft) / (items - 1) : ((gen as number) - ttft) / (items - 1), items_per_s: items / ((legacy ? streamMs : (gen as number)) / 1000) };
}
const rows: StreamRow[] = [];
for (let i = 0; i < 300; i++) rows.push(mk('fast', `app-${i % 7}`, false, 1, i % 50 === 0));
for (let i = 0; i < 200; i++) rows.push(mk('slow', `app-${i % 5}`, i % 3 === 0, 2.5, i % 40 === 0));
rows.push(mk('<script>alert(1)</script>', '=HYPERLINK("http://x","y")', false, 1, true));
const cmp = compareGroups([{ name: 'fast', streams: rows.filter((r) => r.project === 'fast') }, { name: 'slow', streams: rows.filter((r) => r.project === 'slow') }]);
const report = buildReport(rows, { groupBy: 'project', selection: { project: ['fast', 'slow'], app: 'app-*' }, generatedAt: new Date('2024-05-02T12:00:00Z'), comparison: cmp });
for (const f of ['json', 'csv', 'md', 'html'] as const) writeFileSync(`/tmp/sl/report.${f}`, renderReport(report, f));
