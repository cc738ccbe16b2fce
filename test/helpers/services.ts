import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createService, type Service } from '../../src/core/service';

/**
 * Services started on a database file by one test file, each closed after its test unless the test
 * stopped it first. `withoutSavedViews`: each start removes `<db>.views` first, so dashboards are
 * computed from the snapshot rather than answered from the last session's (saved-views.ts).
 */
export function serviceStarter(opts: { withoutSavedViews?: boolean } = {}) {
  const opened: Service[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
  return {
    start(db: string): Service {
      if (opts.withoutSavedViews) rmSync(`${db}.views`, { force: true });
      const s = createService({ databasePath: db, host: 'serve', watch: false });
      opened.push(s);
      return s;
    },
    stop(s: Service): void {
      s.close();
      opened.splice(opened.indexOf(s), 1);
    },
  };
}

/**
 * Appends a copy of the fixture app fast-model-run-01's stream at sequence id 2, as sequence id
 * `sequenceId`, to its log under the copied `local` fixture: one more stream in one app.
 */
export function appendStreamCopy(local: string, sequenceId: number): void {
  const log = path.join(local, 'chatbot-models', 'fast-model-run-01-3e650d', 'log.jsonl');
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"action_sequence_id":2') && l.includes('stream'))
    .map((l) => l.replaceAll('"action_sequence_id":2', `"action_sequence_id":${sequenceId}`));
  appendFileSync(log, `${lines.join('\n')}\n`);
}
