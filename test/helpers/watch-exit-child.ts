/**
 * Run by test/integration/watch.test.ts in a child process: watches a folder,
 * sees one append, closes the watcher and then must exit on its own. If any
 * watch, timer or immediate were left behind, the process would hang.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { type WatchMode, watchFolders } from '../../src/core/watch/folder-watcher';

const [root = '', app = '', mode = 'auto'] = process.argv.slice(2);
const watcher = watchFolders([root], {
  mode: mode as WatchMode,
  debounceMs: 50,
  pollMs: 100,
  sweepMs: 200,
  onChange: (paths) => {
    process.stdout.write(`changed ${JSON.stringify(paths)}\n`);
    watcher.close();
  },
});
await watcher.ready;
appendFileSync(path.join(app, 'log.jsonl'), '{"type":"note"}\n');
