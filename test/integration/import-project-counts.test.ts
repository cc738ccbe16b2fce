import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import type { ImportSummary } from '../../src/core/importer/import-types';
import { inProcessImportRunner } from '../../src/core/importer/run-import-in-process';
import type { ImportRunner } from '../../src/core/importer/run-import-in-worker';
import { EventHub } from '../../src/core/runtime/event-hub';
import { ImportJobs } from '../../src/core/runtime/import-jobs';
import { countsByProject } from '../../src/core/store/project-counts';
import { copyFixture, tempStore } from '../helpers/fixtures';

/**
 * An import's summary counts the totals of the projects it imported into, and only those (each
 * project counted costs a walk of its rows); a live re-import, whose summary nobody reads, counts
 * none before its data:changed.
 */
describe("an import summary's project totals", () => {
  it('are counted for the projects imported into only, the same as counting every project', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    importPaths(db, [tree]);
    const every = countsByProject(db);
    expect(Object.keys(every).sort()).toEqual(['async-agent', 'chatbot-legacy', 'chatbot-models']);

    expect(countsByProject(db, ['chatbot-models', 'no-such-project'])).toEqual({
      'chatbot-models': every['chatbot-models'],
    });
    // Re-importing one project's folder: its totals, not the others'.
    const again = importPaths(db, [path.join(tree, 'async-agent')], { sourceLocations: [tree] });
    expect(again.projects).toEqual({ 'async-agent': every['async-agent'] });
    expect(importPaths(db, [tree], { countProjects: false }).projects).toEqual({});
  });

  it('are left out of a live re-import, and counted for any other job', async () => {
    const tree = copyFixture('local');
    const { db, file } = tempStore();
    const summaries: { live: boolean; summary: ImportSummary }[] = [];
    const inProcess = inProcessImportRunner(db);
    const recording: ImportRunner = (request) => {
      const job = inProcess(request);
      void job.done.then((summary) => summaries.push({ live: request.countProjects === false, summary }));
      return job;
    };
    const jobs = new ImportJobs(file, recording, new EventHub());
    jobs.enqueue({ roots: [path.join(tree, 'chatbot-models')], sourceLocations: [tree], live: true });
    jobs.enqueue({ roots: [tree] });
    await jobs.whenIdle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(summaries.map((s) => s.live)).toEqual([true, false]);
    expect(summaries[0]?.summary.files_read).toBeGreaterThan(0);
    expect(summaries[0]?.summary.projects).toEqual({});
    expect(summaries[1]?.summary.projects).toEqual(countsByProject(db));
  });
});
