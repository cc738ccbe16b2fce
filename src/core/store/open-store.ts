import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { registerPathKeyFunction } from './path-key';

export type StoreDatabase = Database.Database;

export interface OpenStoreOptions {
  readonly?: boolean;
  /** Path to a better_sqlite3.node built for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) a Stream Lens database and brings its schema up to date.
 * WAL lets the UI read while an import worker writes; synchronous=NORMAL in WAL
 * mode keeps every committed transaction through a process crash.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): StoreDatabase {
  if (file !== ':memory:' && !options.readonly)
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('busy_timeout = 10000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    db.pragma('foreign_keys = ON');
  }
  db.pragma('cache_size = -65536'); // 64 MiB page cache: dashboards scan the streams table
  return db;
}

export function migrate(db: StoreDatabase): void {
  registerPathKeyFunction(db); // migration 11 fills path_key
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `This database was written by a newer Stream Lens (schema ${current}, this version knows ${MIGRATIONS.length}). Update Stream Lens, or use another --db file.`,
    );
  }
  // Off while migrating (it cannot change inside a transaction): a migration that rebuilds a table
  // drops the old one, which foreign keys would refuse. A rebuild keeps every id, so each reference
  // still points where it did.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[version] ?? '');
        db.pragma(`user_version = ${version + 1}`);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
