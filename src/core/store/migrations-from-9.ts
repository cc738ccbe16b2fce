/**
 * Migrations 9 on (see migrations.ts, which runs them after 1 to 8). Append new migrations here,
 * never edit a released one.
 */
export const MIGRATIONS_FROM_9: readonly string[] = [
  /* 9: What tells a saved copy of the dashboard snapshot (store/facts-snapshot-file) from a stale
        one: a random id of this database and a counter bumped in the transaction of every change the
        snapshot reads (stream_facts by refreshStreamFacts; apps, projects, files' source and app,
        sources by the triggers below), and the counter at which each app's facts last changed, so a
        copy a few imports old is brought up to date by re-reading those apps only. */ `
  CREATE TABLE facts_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    db_id TEXT NOT NULL,
    version INTEGER NOT NULL
  );
  INSERT INTO facts_version (id, db_id, version) VALUES (1, lower(hex(randomblob(16))), 1);
  CREATE TABLE facts_app_versions (
    app_ref INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
  );
  CREATE TRIGGER facts_v_apps_ins AFTER INSERT ON apps BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_apps_del AFTER DELETE ON apps BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_apps_upd AFTER UPDATE OF app_id, project_id, partition_key ON apps
    WHEN OLD.app_id IS NOT NEW.app_id OR OLD.project_id IS NOT NEW.project_id OR OLD.partition_key IS NOT NEW.partition_key
    BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_projects_ins AFTER INSERT ON projects BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_projects_del AFTER DELETE ON projects BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_projects_upd AFTER UPDATE OF name ON projects WHEN OLD.name IS NOT NEW.name
    BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_files_ins AFTER INSERT ON files BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_files_del AFTER DELETE ON files BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_files_upd AFTER UPDATE OF source_id, app_ref ON files
    WHEN OLD.source_id IS NOT NEW.source_id OR OLD.app_ref IS NOT NEW.app_ref
    BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_sources_del AFTER DELETE ON sources BEGIN UPDATE facts_version SET version = version + 1; END;
  `,

  /* 10: Spans and attributes are read back from their log file when the run view asks (as payloads
        are), not copied: no view reads them in bulk, and at a row per line they were a sixth of a
        many-small-apps database and of its import time. What stays is what the counts need:
        - span_keys: one narrow row per span (an app's span is one (sequence_id, span_id), whatever
          lines name it, as the spans table's unique key was); begin_file is the file of its
          begin_span line, so re-reading that file forgets it, as it forgot the spans row;
        - files.attributes: attribute lines imported from the file;
        - files.trace_lines: where the file's span and attribute lines are, as LEB128 varint pairs
          (byte offset, byte length) in file order, so the run view reads just those lines. NULL
          when unknown: the files imported before this migration, whose imported part is scanned. */ `
  CREATE TABLE span_keys (
    app_ref INTEGER NOT NULL,
    sequence_id INTEGER NOT NULL,
    span_id TEXT NOT NULL,
    begin_file INTEGER,
    PRIMARY KEY (app_ref, sequence_id, span_id)
  ) WITHOUT ROWID;
  INSERT INTO span_keys SELECT app_ref, sequence_id, span_id, file_ref FROM spans;
  ALTER TABLE files ADD COLUMN attributes INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE files ADD COLUMN trace_lines BLOB DEFAULT x'';
  UPDATE files SET attributes = c.n
    FROM (SELECT file_ref, COUNT(*) AS n FROM attributes GROUP BY file_ref) AS c WHERE c.file_ref = files.id;
  UPDATE files SET trace_lines = NULL WHERE byte_offset > 0;
  DROP TABLE spans;
  DROP TABLE attributes;
  `,

  /* 11: Files are found by a 64-bit key of their path (store/path-key.ts), not by the path: the
        unique index on the path stored each ~120-byte path twice, a quarter of a database of many
        small apps. SQLite cannot drop a column's UNIQUE, so the table is rebuilt, with the same ids;
        migrate() runs this with foreign keys off. imported_at becomes epoch milliseconds (6 bytes,
        not a 24-byte ISO text: only whether it is set is ever read). */ `
  CREATE TABLE files_rebuilt (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    path TEXT NOT NULL,
    path_key INTEGER NOT NULL,            -- store/path-key.ts: pathKey(path)
    kind TEXT NOT NULL,
    app_ref INTEGER REFERENCES apps(id),
    time_folder TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    mtime_ms REAL NOT NULL DEFAULT 0,
    identity TEXT,
    head_hash TEXT,
    head_len INTEGER NOT NULL DEFAULT 0,
    byte_offset INTEGER NOT NULL DEFAULT 0,
    line_no INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    s3_meta TEXT,
    imported_at INTEGER,                  -- epoch ms of the last completed read
    attributes INTEGER NOT NULL DEFAULT 0,
    trace_lines BLOB DEFAULT x''
  );
  INSERT INTO files_rebuilt (id, source_id, path, path_key, kind, app_ref, time_folder, size, mtime_ms,
      identity, head_hash, head_len, byte_offset, line_no, error, s3_meta, imported_at, attributes, trace_lines)
    SELECT id, source_id, path, path_key(path), kind, app_ref, time_folder, size, mtime_ms,
      identity, head_hash, head_len, byte_offset, line_no, error, s3_meta,
      CASE WHEN imported_at IS NULL THEN NULL
        ELSE COALESCE(CAST(unixepoch(imported_at, 'subsec') * 1000 AS INTEGER), 0) END,
      attributes, trace_lines
    FROM files;
  DROP TABLE files;
  ALTER TABLE files_rebuilt RENAME TO files;
  CREATE UNIQUE INDEX files_path_key ON files(path_key);
  CREATE INDEX files_app ON files(app_ref);
  CREATE INDEX files_identity ON files(identity);
  CREATE INDEX files_error ON files(id) WHERE error IS NOT NULL;
  CREATE TRIGGER facts_v_files_ins AFTER INSERT ON files BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_files_del AFTER DELETE ON files BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_files_upd AFTER UPDATE OF source_id, app_ref ON files
    WHEN OLD.source_id IS NOT NEW.source_id OR OLD.app_ref IS NOT NEW.app_ref
    BEGIN UPDATE facts_version SET version = version + 1; END;
  `,

  /* 12: An app's graph.json and metadata.json are stamped in app_sidecars, not kept as files rows:
        on a tree of small apps they were 60% of the files rows and a third of the database (each a
        ~120-byte path, its key and three index entries). Nothing points into them (they are read
        whole into the app's row), so a sidecar is found by its app and its path's key
        (store/path-key.ts), and its path is kept only while it is in error, for Problems. Their
        notices keep their path and take their source instead of a file reference. */ `
  CREATE TABLE app_sidecars (
    app_ref INTEGER NOT NULL REFERENCES apps(id),
    path_key INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('graph', 'metadata')),
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    size INTEGER NOT NULL DEFAULT 0,      -- when last read (0: registered by an S3 sync, not read yet)
    mtime_ms REAL NOT NULL DEFAULT 0,
    identity_key INTEGER,                 -- path_key(device:inode): a file replaced by another is read again
    read_at INTEGER,                      -- epoch ms of the last read
    error TEXT,                           -- why the last read failed, NULL when fine
    path TEXT,                            -- set only with error
    s3_meta TEXT,                         -- JSON object metadata of a synced S3 object
    PRIMARY KEY (app_ref, path_key)
  ) WITHOUT ROWID;
  INSERT INTO app_sidecars (app_ref, path_key, kind, source_id, size, mtime_ms, identity_key, read_at, error,
      path, s3_meta)
    SELECT app_ref, path_key, kind, source_id, size, mtime_ms, path_key(identity), imported_at, error,
      CASE WHEN error IS NOT NULL THEN path END, s3_meta
    FROM files WHERE kind IN ('graph', 'metadata') AND app_ref IS NOT NULL;
  -- A notice about a file without a files row says which source it came from (Problems by source).
  ALTER TABLE notices ADD COLUMN source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE;
  UPDATE notices SET file_ref = NULL, source_id = f.source_id
    FROM files f WHERE f.id = notices.file_ref AND f.kind IN ('graph', 'metadata');
  DELETE FROM files WHERE kind IN ('graph', 'metadata');
  CREATE INDEX app_sidecars_error ON app_sidecars(app_ref) WHERE error IS NOT NULL;
  -- Every file the library knows, log or sidecar: for counts per source, "last written" and errors.
  CREATE VIEW all_files AS
    SELECT source_id, app_ref, kind, mtime_ms, error, path FROM files
    UNION ALL SELECT source_id, app_ref, kind, mtime_ms, error, path FROM app_sidecars;
  CREATE TRIGGER facts_v_sidecars_ins AFTER INSERT ON app_sidecars BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_sidecars_del AFTER DELETE ON app_sidecars BEGIN UPDATE facts_version SET version = version + 1; END;
  CREATE TRIGGER facts_v_sidecars_upd AFTER UPDATE OF source_id ON app_sidecars
    WHEN OLD.source_id IS NOT NEW.source_id
    BEGIN UPDATE facts_version SET version = version + 1; END;
  `,
];
