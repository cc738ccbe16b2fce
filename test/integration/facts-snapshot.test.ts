import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { appIdOf } from '../../src/core/metrics/app-table';
import { loadFactsSnapshot, refreshFactsSnapshot } from '../../src/core/store/facts-snapshot';
import { copyFixture, tempStore } from '../helpers/fixtures';
import { appendStreamCopy } from '../helpers/services';

/** The snapshot's rows as sorted, comparable records (row order is free). */
function rows(s: ReturnType<typeof loadFactsSnapshot>) {
  const out: string[] = [];
  for (let i = 0; i < s.n; i++) {
    out.push(
      JSON.stringify([
        s.streamId[i],
        appIdOf(s.apps, s.appRef[i] as number),
        s.projects[s.projectIdx[i] as number],
        s.actions[s.actionIdx[i] as number] ?? null,
        s.partitions[s.partitionIdx[i] as number] ?? null,
        s.failed[i],
        s.hooks[i],
        s.items[i],
        s.ttft[i],
        s.generation[i],
        s.itemsPerS[i],
      ]),
    );
  }
  return out.sort();
}

describe('refreshing the dashboard snapshot for the apps an import changed', () => {
  it('equals a full reload after appending to one app and adding a new one', () => {
    const dir = copyFixture('local');
    const { db } = tempStore();
    importPaths(db, [dir]);
    const before = loadFactsSnapshot(db);

    appendStreamCopy(dir, 99);
    const summary = importPaths(db, [dir]);
    expect(summary.changed_apps).toHaveLength(1);

    const refreshed = refreshFactsSnapshot(db, before, summary.changed_apps ?? []);
    const full = loadFactsSnapshot(db);
    expect(refreshed.n).toBe(before.n + 1);
    expect(rows(refreshed)).toEqual(rows(full));
  });

  it('is, row for row and label for label, what a full load reads, and knows the apps changed since without being told', () => {
    const dir = copyFixture('local');
    const { db } = tempStore();
    importPaths(db, [dir]);
    const before = loadFactsSnapshot(db);
    const log = path.join(dir, 'chatbot-models', 'fast-model-run-01-3e650d', 'log.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    // A new action name too: the labels must come out sorted, as a full load reads them.
    const extra = lines
      .filter((l) => /sequence_id":2[,}]/.test(l))
      .map((l) => l.replaceAll('sequence_id":2', 'sequence_id":99').replaceAll('"respond"', '"a-first"'));
    appendFileSync(log, `${extra.join('\n')}\n`);
    const summary = importPaths(db, [dir]);
    expect(summary.changed_apps).toHaveLength(1);
    // No apps named: the database's own record of what changed since `before` is enough.
    const refreshed = refreshFactsSnapshot(db, before, []);
    const full = loadFactsSnapshot(db);
    expect(refreshed.n).toBe(before.n + 1);
    expect(refreshed.stamp?.version).toBeGreaterThan(before.stamp?.version as number);
    expect(refreshed.actions).toContain('a-first');
    expect(refreshed).toEqual(full);
  });
});
