import type { StoreDatabase } from './open-store';

/**
 * Keeps `stream_facts` (the materialized `stream_metrics` view) in step with
 * the rows it derives from: re-derives every stream of the given apps.
 * Called inside the writer's transaction, so facts and rows commit together,
 * and with them the facts version (migration 9): a saved dashboard snapshot
 * is used only while the version it was taken at is the database's.
 */
export function refreshStreamFacts(db: StoreDatabase, appRefs: Iterable<number>): void {
  const ids = JSON.stringify([...appRefs]);
  if (ids === '[]') return;
  db.prepare('DELETE FROM stream_facts WHERE app_ref IN (SELECT value FROM json_each(?))').run(ids);
  db.prepare(
    `INSERT INTO stream_facts
      SELECT m.stream_id, m.app_ref, a.project_id, m.sequence_id, m.action, m.partition_key, m.step_start_us,
        m.step_end_us, m.stream_start_us, m.failed, m.timing_source = 'hooks', m.items, m.ttft_ms, m.generation_ms,
        m.consumer_ms, m.gen_share, m.stream_ms, m.legacy_ms_per_item, m.inter_item_ms, m.items_per_s
      FROM stream_metrics m JOIN apps a ON a.id = m.app_ref
      WHERE m.app_ref IN (SELECT value FROM json_each(?))`,
  ).run(ids);
  db.prepare('UPDATE facts_version SET version = version + 1').run();
  db.prepare(
    `INSERT INTO facts_app_versions (app_ref, version)
      SELECT value, (SELECT version FROM facts_version) FROM json_each(?) WHERE true
      ON CONFLICT (app_ref) DO UPDATE SET version = excluded.version`,
  ).run(ids);
}
