import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIFT_AT, SHIFT_SPACING_MS, SHIFT_START_MS, writeShiftedTree } from '../helpers/crafted-logs';
import { FIXTURE_COUNTS, LOCAL, S3_DOWNLOAD, tempDir } from '../helpers/fixtures';

const CLI = path.resolve(__dirname, '../../bin/stream-lens.mjs');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STREAM_LENS_DB: path.join(tempDir(), 'default.db') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stream-lens CLI', () => {
  it('import --json prints totals and counts per project; a second run reads nothing', () => {
    const db = path.join(tempDir(), 'cli.db');
    const first = cli(['import', LOCAL, S3_DOWNLOAD, '--db', db, '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ files: 90, files_read: 90, quarantined: 0, bytes: 462317 });
    expect(summary.projects['chatbot-models']).toEqual(FIXTURE_COUNTS['chatbot-models']);
    const again = JSON.parse(cli(['import', LOCAL, S3_DOWNLOAD, '--db', db, '--json']).stdout);
    expect(again).toMatchObject({ files_read: 0, files_unchanged: 90, lines: 0 });
  });

  it('prints a human summary without --json', () => {
    const r = cli(['import', path.join(LOCAL, 'async-agent'), '--db', path.join(tempDir(), 'h.db')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Imported 12 of 12 files/);
    expect(r.stdout).toMatch(/async-agent: 4 apps, 24 steps, 12 streams \(12 timed, 0 failed\)/);
  });

  it('report --format json gives the numbers per project, in the DESIGN shape', () => {
    const r = cli(['report', LOCAL, '--db', path.join(tempDir(), 'r.db'), '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['convention', 'groups', 'streams']));
    const models = report.groups.find((g: { key: string }) => g.key === 'chatbot-models');
    expect(models).toMatchObject({ streams: 44, failed: 2, apps: 16 });
    expect(models.ttft_ms).toMatchObject({ count: 42 });
    expect(Object.keys(models.ttft_ms)).toEqual([
      'count',
      'mean',
      'std',
      'min',
      'p50',
      'p90',
      'p95',
      'p99',
      'max',
    ]);
    expect(report.streams).toHaveLength(68);
  });

  it('writes every format to --out, filtered by --app and grouped by --group-by', () => {
    const db = path.join(tempDir(), 'f.db');
    for (const format of ['md', 'csv', 'html', 'json']) {
      const out = path.join(tempDir(), `report.${format}`);
      const r = cli([
        'report',
        LOCAL,
        '--db',
        db,
        '--format',
        format,
        '--out',
        out,
        '--app',
        'fast-model-*',
        '--group-by',
        'app',
      ]);
      expect(r.code).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text).toContain('fast-model-run-00-03025b');
      expect(text).not.toContain('slow-model-run');
    }
  });

  it('--fail-if exits 3 when the condition holds and 0 when it does not', () => {
    const db = path.join(tempDir(), 'g.db');
    const held = cli([
      'report',
      LOCAL,
      '--db',
      db,
      '--compare',
      'fast-model-*',
      'slow-model-*',
      '--fail-if',
      'ttft_ms.p50 > 1',
      '--format',
      'md',
    ]);
    expect(held.code).toBe(3);
    expect(held.stderr).toMatch(/slow-model-\*: ttft_ms.p50 > 1/);
    const fine = cli([
      'report',
      '--db',
      db,
      '--project',
      'chatbot-models',
      '--fail-if',
      'ttft_ms.p95 > 1000000',
    ]);
    expect(fine.code).toBe(0);
  });

  it('--slo adds goodput per group to every format; --fail-if "goodput < X" exits 3 when it holds', () => {
    const db = path.join(tempDir(), 'slo.db');
    const slo = ['--slo', 'ttft_ms<=500,inter_item_ms<=50'];
    const r = cli(['report', LOCAL, '--db', db, '--format', 'json', ...slo]);
    expect(r.code).toBe(0);
    const goodput = Object.fromEntries(
      JSON.parse(r.stdout).groups.map((g: { key: string; goodput: unknown }) => [g.key, g.goodput]),
    );
    const bound = { ttft_ms: { op: '<=', value: 500 }, inter_item_ms: { op: '<=', value: 50 } };
    // Counted by hand from the fixtures (see src/core/metrics/slo.test.ts).
    expect(goodput).toEqual({
      'async-agent': { slo: bound, met: 12, of: 12, share: 1 },
      'chatbot-legacy': { slo: bound, met: 11, of: 12, share: 11 / 12 },
      'chatbot-models': { slo: bound, met: 37, of: 44, share: 37 / 44 },
    });
    const md = cli(['report', '--db', db, '--format', 'md', ...slo]).stdout;
    expect(md).toContain('| chatbot-models | 44 | 37 | 84.1% |');
    const held = cli(['report', '--db', db, ...slo, '--fail-if', 'goodput < 0.95', '--format', 'csv']);
    expect(held.code).toBe(3);
    expect(held.stderr).toContain('chatbot-models: goodput < 0.95 (goodput = 0.8409090909090909)');
    expect(held.stderr).toContain('chatbot-legacy: goodput < 0.95');
    expect(held.stderr).not.toContain('async-agent');
    expect(held.stdout).toContain('# goodput.chatbot-models,met,37,of,44,share,');
    expect(cli(['report', '--db', db, ...slo, '--fail-if', 'goodput < 0.8']).code).toBe(0);
    // With --compare, goodput per compared group and its z-test.
    const compared = cli([
      'report',
      '--db',
      db,
      '--compare',
      'fast-model-*',
      'slow-model-*',
      ...slo,
      '--fail-if',
      'goodput < 0.9',
    ]);
    expect(compared.code).toBe(3);
    expect(compared.stderr).toMatch(/slow-model-\*: goodput < 0.9/);
    expect(compared.stdout).toContain('two-proportion z-test');
  });

  it('--regressions finds when real streams got slower, and nothing in the same streams shuffled', () => {
    const root = tempDir();
    writeShiftedTree(path.join(root, 'shifted'), false);
    writeShiftedTree(path.join(root, 'shuffled'), true);
    const at = new Date(SHIFT_START_MS + SHIFT_AT * SHIFT_SPACING_MS).toISOString().replace('Z', '000Z');
    const shifted = cli([
      'report',
      path.join(root, 'shifted'),
      '--db',
      path.join(root, 'a.db'),
      '--format',
      'json',
      '--regressions',
    ]);
    expect(shifted.code).toBe(0);
    const regressions = JSON.parse(shifted.stdout).regressions;
    expect(regressions).toContainEqual(
      expect.objectContaining({ metric: 'ttft_ms', stat: 'p50', group: 'shifted', at, direction: 'worse' }),
    );
    const md = cli(['report', '--db', path.join(root, 'a.db'), '--regressions']).stdout;
    expect(md).toContain('## Regressions over time');
    expect(md).toContain(`| shifted | TTFT | p50 | ${at} |`);
    const shuffled = cli([
      'report',
      path.join(root, 'shuffled'),
      '--db',
      path.join(root, 'b.db'),
      '--format',
      'json',
      '--regressions',
    ]);
    expect(JSON.parse(shuffled.stdout).regressions).toEqual([]);
  });

  it('uses exit code 1 for usage errors and 2 for unreadable input', () => {
    expect(cli([]).code).toBe(1);
    expect(cli(['frobnicate']).code).toBe(1);
    expect(cli(['import']).code).toBe(1);
    expect(cli(['report', '--format', 'pdf']).code).toBe(1);
    expect(cli(['report', '--fail-if', 'ttft.p50 >']).code).toBe(1);
    expect(cli(['report', '--compare', 'only-one']).code).toBe(1);
    expect(cli(['report', '--slo', 'ttft_ms>=5']).code).toBe(1);
    expect(cli(['report', '--fail-if', 'goodput < 0.95']).stderr).toMatch(/needs --slo/);
    const missing = cli(['import', '/no/such/logs']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read \/no\/such\/logs: not found/);
  });
});
