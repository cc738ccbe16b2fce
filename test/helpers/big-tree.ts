import { cpSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { StoreDatabase } from '../../src/core/store/open-store';
import { countsByProject } from '../../src/core/store/project-counts';
import { FIXTURES, tempDir } from './fixtures';
import { allRunTraces } from './run-traces';

/**
 * A tree big enough for the reader worker, and a way to compare two imports
 * of it: every stored value, with database ids replaced by what they stand for.
 */
const COPIES = 3;

/** The real fixtures, three times over, under distinct project names: ~460 files, past the parallel threshold. */
export function bigTree(): string {
  const root = tempDir('stream-lens-big-');
  for (let i = 0; i < COPIES; i++) {
    for (const tree of ['local', 'burr-demo-data']) {
      const target = path.join(root, `${tree}-${i}`);
      cpSync(path.join(FIXTURES, tree), target, { recursive: true });
      for (const project of readdirSync(target))
        renameSync(path.join(target, project), path.join(target, `${project}-${i}`));
    }
    const s3Data = path.join(root, `s3-${i}`, 'data');
    cpSync(path.join(FIXTURES, 's3-download', 'data'), s3Data, { recursive: true });
    for (const project of readdirSync(s3Data))
      renameSync(path.join(s3Data, project), path.join(s3Data, `${project}-${i}`));
  }
  return root;
}

/** Every stored value, with ids replaced by what they stand for (file paths, app identities). */
export function storeContent(db: StoreDatabase, root: string): Record<string, unknown[]> {
  const rel = (p: string | null) => (p === null ? null : path.relative(root, p));
  const app = `p.name || '/' || a.partition_dir || '/' || a.app_id`;
  const all = (sql: string) =>
    (db.prepare(sql).all() as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k.endsWith('path') ? rel(v as string) : v])),
    );
  return {
    apps: all(`SELECT ${app} AS app, a.layout, a.partition_key, (SELECT json FROM graphs WHERE id = a.graph_id) AS graph, a.parent_pointer FROM apps a
      JOIN projects p ON p.id = a.project_id ORDER BY app`),
    files: all(`SELECT path, kind, time_folder, size, byte_offset, line_no, head_hash, head_len, error
      FROM files ORDER BY path`),
    sidecars: all(`SELECT ${app} AS app, s.kind, s.size, s.error FROM app_sidecars s
      JOIN apps a ON a.id = s.app_ref JOIN projects p ON p.id = a.project_id ORDER BY app, s.kind, s.path_key`),
    steps: all(`SELECT ${app} AS app, s.sequence_id, s.action, s.start_us, s.end_us, s.failed, s.exception,
      bf.path AS begin_path, s.begin_offset, s.begin_len, ef.path AS end_path, s.end_offset, s.end_len
      FROM steps s JOIN apps a ON a.id = s.app_ref JOIN projects p ON p.id = a.project_id
      LEFT JOIN files bf ON bf.id = s.begin_file LEFT JOIN files ef ON ef.id = s.end_file
      ORDER BY app, s.sequence_id`),
    streams:
      all(`SELECT ${app} AS app, s.sequence_id, s.span_key, s.init_us, s.first_item_us, s.end_us, s.items,
      s.generation_time_ms, s.consumer_time_ms, s.first_item_time_ms, ef.path AS end_path, s.end_offset
      FROM streams s JOIN apps a ON a.id = s.app_ref JOIN projects p ON p.id = a.project_id
      LEFT JOIN files ef ON ef.id = s.end_file ORDER BY app, s.sequence_id, s.span_key`),
    facts: all(`SELECT ${app} AS app, f.sequence_id, f.action, f.failed, f.hooks, f.items, f.ttft_ms,
      f.generation_ms, f.consumer_ms, f.stream_ms FROM stream_facts f JOIN apps a ON a.id = f.app_ref
      JOIN projects p ON p.id = a.project_id ORDER BY app, f.sequence_id, f.stream_id`),
    // Read back from the log files by the run view's own path (no longer rows: the span_keys migration).
    ...(({ spans, attributes, problems }) => ({ spans, attributes, traceProblems: problems }))(
      allRunTraces(db),
    ),
    counts: [countsByProject(db)],
    children: all(`SELECT ${app} AS app, c.child_app_id, c.event_type, c.sequence_id FROM app_children c
      JOIN apps a ON a.id = c.app_ref JOIN projects p ON p.id = a.project_id ORDER BY app, c.byte_offset`),
    quarantine: all(`SELECT f.path AS line_path, q.line_no, q.reason FROM quarantine q
      JOIN files f ON f.id = q.file_ref ORDER BY line_path, q.line_no`),
  };
}
