import { ImportWriter } from './import-writer';
import type { StoreDatabase } from './open-store';

/**
 * Removes a source and everything imported from its files. Apps and projects
 * left without files go too; a file shared with another source (nested folders)
 * stays with that source.
 */
export function removeSource(db: StoreDatabase, sourceId: number): { removedApps: number } {
  const writer = new ImportWriter(db);
  return db.transaction(() => {
    const files = db.prepare('SELECT id FROM files WHERE source_id = ?').all(sourceId) as { id: number }[];
    for (const { id } of files) writer.resetFile(id);
    db.prepare('DELETE FROM notices WHERE file_ref IN (SELECT id FROM files WHERE source_id = ?)').run(
      sourceId,
    );
    // A sidecar's notices have no file reference, but their source.
    db.prepare('DELETE FROM notices WHERE source_id = ?').run(sourceId);
    db.prepare('DELETE FROM files WHERE source_id = ?').run(sourceId);
    db.prepare('DELETE FROM app_sidecars WHERE source_id = ?').run(sourceId);
    db.prepare('DELETE FROM sources WHERE id = ?').run(sourceId);
    const orphanApps = db
      .prepare(
        'SELECT id FROM apps WHERE id NOT IN (SELECT app_ref FROM all_files WHERE app_ref IS NOT NULL)',
      )
      .all() as { id: number }[];
    const del = (table: string) => db.prepare(`DELETE FROM ${table} WHERE app_ref = ?`);
    const tables = ['steps', 'streams', 'span_keys', 'app_children', 'raw_events'].map(del);
    for (const { id } of orphanApps) for (const stmt of tables) stmt.run(id);
    db.prepare(
      'DELETE FROM apps WHERE id NOT IN (SELECT app_ref FROM all_files WHERE app_ref IS NOT NULL)',
    ).run();
    db.prepare('DELETE FROM projects WHERE id NOT IN (SELECT project_id FROM apps)').run();
    db.prepare(
      'DELETE FROM graphs WHERE id NOT IN (SELECT graph_id FROM apps WHERE graph_id IS NOT NULL)',
    ).run();
    writer.flushFacts();
    return { removedApps: orphanApps.length };
  })();
}
