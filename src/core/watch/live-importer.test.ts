import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveImporter, type LiveImportRequest } from './live-importer';

const root = path.join(path.sep, 'burr');
const app = (name: string) => path.join(root, 'proj', name);

/** An import runner whose runs finish when the test says so. */
function controlledRun() {
  const requests: LiveImportRequest[] = [];
  const finishers: ((ok: boolean) => void)[] = [];
  const run = (request: LiveImportRequest) =>
    new Promise<string>((resolve, reject) => {
      requests.push(request);
      finishers.push((ok) => (ok ? resolve('done') : reject(new Error('database is locked'))));
    });
  const finish = async (ok = true) => {
    finishers.shift()?.(ok);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { requests, run, finish };
}

describe('LiveImporter', () => {
  it('runs one import at a time and gathers changes made meanwhile into the next', async () => {
    const { requests, run, finish } = controlledRun();
    const importer = new LiveImporter({ run, sources: () => [root], maxBusyShare: 1 });
    importer.enqueue([app('a')]);
    importer.enqueue([app('b')]);
    importer.enqueue([app('c'), app('b')]);
    importer.enqueue([path.join(root, 'proj')]);
    expect(requests).toEqual([{ paths: [app('a')], sourceLocations: [root] }]);
    await finish();
    // Everything that arrived meanwhile, in one import: the project covers its apps.
    expect(requests.slice(1)).toEqual([{ paths: [path.join(root, 'proj')], sourceLocations: [root] }]);
    await finish();
    await importer.whenIdle();
    expect(requests).toHaveLength(2);
  });

  it('drops paths of sources that were closed, and retries a failed import', async () => {
    const { requests, run, finish } = controlledRun();
    const sources = [root];
    const errors: boolean[] = [];
    const importer = new LiveImporter({
      run,
      sources: () => sources,
      maxBusyShare: 1,
      retryMs: 10,
      onError: (_error, _request, willRetry) => errors.push(willRetry),
    });
    importer.enqueue([path.join(path.sep, 'elsewhere', 'app')]);
    expect(requests).toEqual([]);
    importer.enqueue([app('a')]);
    await finish(false);
    expect(errors).toEqual([true]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(requests.map((r) => r.paths)).toEqual([[app('a')], [app('a')]]);
    await finish(true);
    await importer.whenIdle();
    await importer.close();
    importer.enqueue([app('z')]);
    expect(requests).toHaveLength(2);
  });

  it('spends at most maxBusyShare of the time importing, gathering changes meanwhile', async () => {
    const spans: [number, number][] = [];
    const requests: string[][] = [];
    const importer = new LiveImporter({
      run: async (request) => {
        const start = performance.now();
        requests.push(request.paths);
        await new Promise((resolve) => setTimeout(resolve, 40));
        spans.push([start, performance.now()]);
      },
      sources: () => [root],
      maxBusyShare: 0.5,
    });
    importer.enqueue([app('a')]);
    importer.enqueue([app('b')]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    importer.enqueue([app('c')]);
    await importer.whenIdle();
    expect(requests).toEqual([[app('a')], [app('b'), app('c')]]);
    // Half the time busy: the second import waits as long as the first one took.
    const [first, second] = spans;
    const firstTook = (first?.[1] ?? 0) - (first?.[0] ?? 0);
    expect((second?.[0] ?? 0) - (first?.[1] ?? 0)).toBeGreaterThanOrEqual(firstTook - 2);
  });
});
