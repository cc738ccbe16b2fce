import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src/core/service';
import type { Comparison } from '../../src/shared/schemas/compare';
import { LOCAL, S3_DOWNLOAD, tempDir } from '../helpers/fixtures';

let service: Service | null = null;
afterEach(() => {
  service?.close();
  service = null;
});

/** numpy's default percentile, written out independently of the code under test. */
function numpyPercentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = ((s.length - 1) * p) / 100;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (rank - lo);
}

async function serviceOnFixtures(): Promise<Service> {
  service = createService({ databasePath: path.join(tempDir(), 'service.db'), host: 'serve' });
  service.addFolder(LOCAL);
  service.addFolder(S3_DOWNLOAD);
  await service.whenIdle();
  return service;
}

describe('the service on the real fixtures', () => {
  it('imports added folders in a worker and lists sources and projects', async () => {
    const s = await serviceOnFixtures();
    const sources = await s.handlers['sources:list']({});
    expect(sources.map((x) => [path.basename(x.location), x.apps, x.quarantined])).toEqual([
      ['local', 24, 0],
      ['s3-download', 4, 0],
    ]);
    const projects = await s.handlers['library:projects']({});
    expect(projects.map((p) => [p.name, p.apps, p.streams, p.failedStreams])).toEqual([
      ['async-agent', 4, 12, 0],
      ['chatbot-legacy', 4, 12, 0],
      ['chatbot-models', 16, 44, 2],
      ['chatbot-s3', 4, 12, 0],
    ]);
    const status = await s.handlers['import:status']({});
    expect(status.running).toBeNull();
    expect(status.last?.files_read).toBeGreaterThan(0);
  });

  it('answers the dashboard with counts and numpy-style percentiles, failed streams excluded', async () => {
    const s = await serviceOnFixtures();
    const filter = { project: 'chatbot-models' };
    const dash = await s.handlers['dashboard:get']({ filter, ttftLog: false, splitSort: 'total' });
    expect(dash.counts).toEqual({ streams: 44, failed: 2, hooks: 44, legacy: 0, apps: 16 });
    const rows = (
      await s.handlers['streams:query']({
        filter: { ...filter, failed: 'none' },
        sort: { by: 'ttft_ms', dir: 'asc' },
        offset: 0,
        limit: 5000,
      })
    ).rows;
    const ttft = rows.map((r) => r.ttft_ms as number);
    expect(ttft).toHaveLength(42);
    expect(dash.stats.ttft_ms?.count).toBe(42);
    for (const p of [50, 90, 95, 99] as const) {
      expect(dash.stats.ttft_ms?.[`p${p}`]).toBeCloseTo(numpyPercentile(ttft, p), 9);
    }
    expect(dash.ttft.histogram.counts.reduce((a, b) => a + b, 0)).toBe(42);
    expect(dash.split.total).toBe(42);
    expect(dash.byAction.map((a) => [a.key, a.streams, a.failed])).toEqual([['respond', 44, 2]]);
    expect(dash.byPartition.reduce((n, p) => n + p.streams, 0)).toBe(44);
    expect(dash.trend.points.reduce((n, p) => n + p.n, 0)).toBe(42);
  });

  it('pages and sorts the stream table, and filters by glob, timing source and failure', async () => {
    const s = await serviceOnFixtures();
    const page = await s.handlers['streams:query']({
      filter: {},
      sort: { by: 'ttft_ms', dir: 'desc' },
      offset: 10,
      limit: 5,
    });
    expect(page.total).toBe(80);
    expect(page.rows).toHaveLength(5);
    const ttfts = page.rows.map((r) => r.ttft_ms as number);
    expect([...ttfts].sort((a, b) => b - a)).toEqual(ttfts);
    const fast = await s.handlers['streams:query']({
      filter: { app: 'fast-model-*' },
      sort: { by: 'app_id', dir: 'asc' },
      offset: 0,
      limit: 500,
    });
    expect(fast.rows.every((r) => r.app_id.startsWith('fast-model-'))).toBe(true);
    const legacy = await s.handlers['streams:query']({
      filter: { timingSource: 'legacy' },
      sort: { by: 'stream_start', dir: 'asc' },
      offset: 0,
      limit: 500,
    });
    expect(legacy.total).toBe(24);
    const failed = await s.handlers['streams:query']({
      filter: { failed: 'only' },
      sort: { by: 'stream_start', dir: 'asc' },
      offset: 0,
      limit: 500,
    });
    expect(failed.total).toBe(2);
  });

  it('shows a run with its steps, spans, streams and a failed step, and reads a line back from its file', async () => {
    const s = await serviceOnFixtures();
    const apps = await s.handlers['library:apps']({
      filter: { app: 'fast-model-run-03-9b453d' },
      limit: 10,
      offset: 0,
    });
    expect(apps.total).toBe(1);
    const run = await s.handlers['runs:get']({ appRef: apps.apps[0]?.appRef as number });
    expect(run.app.graph?.actions).toEqual(['prompt', 'retrieve', 'respond']);
    expect(run.steps.map((st) => st.action)).toEqual([
      'prompt',
      'retrieve',
      'respond',
      'prompt',
      'retrieve',
      'respond',
    ]);
    const failedStep = run.steps.find((st) => st.failed);
    expect(failedStep?.exception).toMatch(/^Traceback/);
    expect(run.spans.length).toBe(4);
    expect(run.spans.every((sp) => sp.durationMs !== null && sp.durationMs > 0)).toBe(true);
    expect(run.streams.map((st) => st.sequence_id)).toEqual([2, 5]);
    const ref = failedStep?.endRef;
    expect(ref).not.toBeNull();
    const line = await s.handlers['events:read']({
      fileRef: ref?.fileRef as number,
      offset: ref?.offset as number,
      length: ref?.length as number,
    });
    const parsed = JSON.parse(line.text) as { type: string; exception: string; state: unknown };
    expect(parsed.type).toBe('end_entry');
    expect(parsed.exception).toBe(failedStep?.exception);
    expect(parsed.state).toBeTypeOf('object');
  });

  it('compares fast and slow models with a verdict, and exports every format', async () => {
    const s = await serviceOnFixtures();
    const groups = [
      { name: 'fast', filter: { app: 'fast-model-*' } },
      { name: 'slow', filter: { app: 'slow-model-*' } },
    ];
    const result = await s.handlers['compare:run']({ groups });
    const comparison = result.comparison as Comparison;
    expect(result.groups.map((g) => [g.name, g.streams, g.failed])).toEqual([
      ['fast', 25, 1],
      ['slow', 19, 1],
    ]);
    expect(JSON.stringify(comparison)).toMatch(/slow's TTFT p50 is .* than fast's/);
    for (const format of ['csv', 'json', 'md', 'html'] as const) {
      const out = await s.handlers['export:render']({
        format,
        filter: { project: 'chatbot-models' },
        groupBy: 'project',
        compare: groups,
      });
      expect(out.content.length).toBeGreaterThan(200);
      expect(out.filename).toMatch(new RegExp(`\\.${format}$`));
    }
    const json = JSON.parse(
      (await s.handlers['export:render']({ format: 'json', filter: {}, groupBy: 'project' })).content,
    ) as {
      groups: { key: string; streams: number; failed: number }[];
    };
    expect(json.groups.map((g) => [g.key, g.streams, g.failed])).toEqual([
      ['async-agent', 12, 0],
      ['chatbot-legacy', 12, 0],
      ['chatbot-models', 44, 2],
      ['chatbot-s3', 12, 0],
    ]);
  });

  it('re-imports sources without reading anything new, and removes a source with its data', async () => {
    const s = await serviceOnFixtures();
    await s.handlers['import:start']({});
    await s.whenIdle();
    expect((await s.handlers['import:status']({})).last?.files_read).toBe(0);
    const [local] = await s.handlers['sources:list']({});
    const removed = await s.handlers['sources:remove']({ sourceId: local?.id as number });
    expect(removed.removedApps).toBe(24);
    expect((await s.handlers['library:projects']({})).map((p) => p.name)).toEqual(['chatbot-s3']);
    expect(
      (
        await s.handlers['streams:query']({
          filter: {},
          sort: { by: 'stream_start', dir: 'asc' },
          offset: 0,
          limit: 10,
        })
      ).total,
    ).toBe(12);
  });

  it('says what to do for a folder that does not exist', async () => {
    service = createService({ databasePath: path.join(tempDir(), 'service.db'), host: 'serve' });
    await expect(service.handlers['sources:add']({ path: '/no/such/folder' })).rejects.toThrow(
      /Cannot open \/no\/such\/folder: not found/,
    );
    await expect(service.handlers['import:start']({})).rejects.toThrow(/open a folder/);
    await expect(service.handlers['export:pdf']({ filter: {}, groupBy: 'project' })).rejects.toThrow(
      /export HTML and print it/,
    );
  });
});
