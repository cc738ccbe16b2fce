import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { loadFactsSnapshot, refreshFactsSnapshot } from '../../src/core/store/facts-snapshot';
import { copyFixture, tempStore } from '../helpers/fixtures';

/** The snapshot's rows as sorted, comparable records (row order is free). */
function rows(s: ReturnType<typeof loadFactsSnapshot>) {
  const out: string[] = [];
  for (let i = 0; i < s.n; i++) {
    out.push(
      JSON.stringify([
        s.streamId[i],
        s.appIds.get(s.appRef[i] as number),
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

    const log = path.join(dir, 'chatbot-models', 'fast-model-run-01-3e650d', 'log.jsonl');
    const stream = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"action_sequence_id":2') && l.includes('stream'))
      .map((l) => l.replaceAll('"action_sequence_id":2', '"action_sequence_id":99'));
    appendFileSync(log, `${stream.join('\n')}\n`);
    const summary = importPaths(db, [dir]);
    expect(summary.changed_apps).toHaveLength(1);

    const refreshed = refreshFactsSnapshot(db, before, summary.changed_apps ?? []);
    const full = loadFactsSnapshot(db);
    expect(refreshed.n).toBe(before.n + 1);
    expect(rows(refreshed)).toEqual(rows(full));
  });
});
