import { MIGRATIONS_FROM_9 } from './migrations-from-9';

/**
 * Numbered migrations; `PRAGMA user_version` records how many have run.
 * Append new migrations, never edit a released one.
 *
 * Times: `*_us` columns are whole epoch microseconds (exact; durations in ms are differences / 1000).
 * Step times are naive (writer's local clock read as UTC, see burr/timestamps);
 * stream times are true UTC. Durations are only ever computed within one family.
 *
 * Big payloads (state, result, inputs) are not copied: each row keeps a pointer
 * (file, byte offset, byte length) to its source line, which the app reads back.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the trace store */ `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('folder', 's3')),
    location TEXT NOT NULL UNIQUE,
    config TEXT,
    added_at TEXT NOT NULL,
    last_import_at TEXT
  );

  CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );

  CREATE TABLE apps (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    app_id TEXT NOT NULL,
    partition_dir TEXT NOT NULL,          -- '' for local apps, S3 partition folder otherwise
    layout TEXT NOT NULL CHECK (layout IN ('local', 's3')),
    partition_key TEXT,                   -- from metadata.json, or the S3 folder (NULL for __none__)
    parent_pointer TEXT,                  -- JSON
    spawning_parent_pointer TEXT,         -- JSON
    graph TEXT,                           -- JSON of graph.json
    UNIQUE (project_id, partition_dir, app_id)
  );

  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    path TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    app_ref INTEGER REFERENCES apps(id),
    time_folder TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,      -- size when last looked at
    mtime_ms REAL NOT NULL DEFAULT 0,
    identity TEXT,                        -- dev:ino
    head_hash TEXT,                       -- hash of the first head_len bytes: detects replacement
    head_len INTEGER NOT NULL DEFAULT 0,
    byte_offset INTEGER NOT NULL DEFAULT 0, -- checkpoint: bytes imported (always at a line end)
    line_no INTEGER NOT NULL DEFAULT 0,     -- checkpoint: lines imported
    error TEXT,                           -- last file-level error, NULL when fine
    s3_meta TEXT,                         -- JSON object metadata of a synced S3 object
    imported_at TEXT
  );
  CREATE INDEX files_app ON files(app_ref);

  CREATE TABLE steps (
    id INTEGER PRIMARY KEY,
    app_ref INTEGER NOT NULL REFERENCES apps(id),
    sequence_id INTEGER NOT NULL,
    action TEXT,
    start_us INTEGER,                     -- naive clock
    end_us INTEGER,                       -- naive clock
    failed INTEGER NOT NULL DEFAULT 0,
    exception TEXT,
    begin_file INTEGER, begin_offset INTEGER, begin_len INTEGER,
    end_file INTEGER, end_offset INTEGER, end_len INTEGER,
    UNIQUE (app_ref, sequence_id)
  );

  CREATE TABLE streams (
    id INTEGER PRIMARY KEY,
    app_ref INTEGER NOT NULL REFERENCES apps(id),
    sequence_id INTEGER NOT NULL,
    span_key TEXT NOT NULL DEFAULT '',    -- span_id or '' (streams are per step, optionally per span)
    init_us INTEGER,                      -- UTC
    first_item_us INTEGER,                -- UTC
    end_us INTEGER,                       -- UTC
    items INTEGER,
    first_file INTEGER,
    generation_time_ms REAL,
    consumer_time_ms REAL,
    first_item_time_ms REAL,
    begin_file INTEGER, begin_offset INTEGER, begin_len INTEGER,
    end_file INTEGER, end_offset INTEGER, end_len INTEGER,
    UNIQUE (app_ref, sequence_id, span_key)
  );

  CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    app_ref INTEGER NOT NULL REFERENCES apps(id),
    sequence_id INTEGER NOT NULL,
    span_id TEXT NOT NULL,
    name TEXT,
    parent_span_id TEXT,
    start_us INTEGER, start_utc INTEGER,
    end_us INTEGER, end_utc INTEGER,
    file_ref INTEGER, byte_offset INTEGER, byte_len INTEGER,
    UNIQUE (app_ref, sequence_id, span_id)
  );

  CREATE TABLE attributes (
    id INTEGER PRIMARY KEY,
    app_ref INTEGER NOT NULL REFERENCES apps(id),
    sequence_id INTEGER NOT NULL,
    span_id TEXT,
    key TEXT NOT NULL,
    value TEXT,                           -- JSON, cut at 2 KiB (value_cut = 1): the full line is at the pointer
    value_cut INTEGER NOT NULL DEFAULT 0,
    time_us INTEGER,
    file_ref INTEGER NOT NULL, byte_offset INTEGER NOT NULL, byte_len INTEGER NOT NULL
  );
  CREATE INDEX attributes_app ON attributes(app_ref, sequence_id);

  CREATE TABLE app_children (
    id INTEGER PRIMARY KEY,
    app_ref INTEGER NOT NULL REFERENCES apps(id),
    child_app_id TEXT NOT NULL,
    child_partition_key TEXT,
    event_type TEXT,
    sequence_id INTEGER,
    file_ref INTEGER NOT NULL, byte_offset INTEGER NOT NULL,
    UNIQUE (file_ref, byte_offset)
  );

  -- Lines of a type this version does not know: kept, not rejected (the format grows).
  CREATE TABLE raw_events (
    id INTEGER PRIMARY KEY,
    app_ref INTEGER NOT NULL REFERENCES apps(id),
    type TEXT,
    sequence_id INTEGER,
    file_ref INTEGER NOT NULL, byte_offset INTEGER NOT NULL, byte_len INTEGER NOT NULL,
    UNIQUE (file_ref, byte_offset)
  );

  -- Bad lines: imported = 1 when the line was still usable (e.g. invalid UTF-8 replaced).
  CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY,
    file_ref INTEGER NOT NULL REFERENCES files(id),
    line_no INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    byte_len INTEGER NOT NULL,
    reason TEXT NOT NULL,
    excerpt TEXT,                         -- first KiB of the line
    imported INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (file_ref, byte_offset)
  );

  -- What the user is told about files: errors, truncations, replacements.
  CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    file_ref INTEGER REFERENCES files(id),
    path TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
    message TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  -- Every derived number of BURR-FORMAT §3, one row per stream.
  CREATE VIEW stream_metrics AS
  WITH s AS (
    SELECT st.*,
      (st.generation_time_ms IS NOT NULL OR st.consumer_time_ms IS NOT NULL OR st.first_item_time_ms IS NOT NULL) AS hooks,
      (st.end_us - st.init_us) / 1000.0 AS stream_ms_raw,
      (st.end_us - st.first_item_us) / 1000.0 AS after_first_ms
    FROM streams st
  ), d AS (
    SELECT s.*,
      CASE WHEN s.hooks THEN s.first_item_time_ms ELSE (s.first_item_us - s.init_us) / 1000.0 END AS ttft
    FROM s
  )
  SELECT
    d.id AS stream_id,
    d.app_ref,
    p.name AS project,
    a.app_id,
    a.partition_key,
    d.sequence_id,
    step.action,
    step.start_us AS step_start_us,
    step.end_us AS step_end_us,
    d.init_us AS stream_start_us,
    COALESCE(step.failed, 0) AS failed,
    CASE WHEN d.hooks THEN 'hooks' ELSE 'legacy' END AS timing_source,
    d.items,
    d.ttft AS ttft_ms,
    d.generation_time_ms AS generation_ms,
    d.consumer_time_ms AS consumer_ms,
    CASE WHEN d.generation_time_ms + d.consumer_time_ms > 0
      THEN d.generation_time_ms / (d.generation_time_ms + d.consumer_time_ms) END AS gen_share,
    d.stream_ms_raw AS stream_ms,
    CASE WHEN d.items > 0 THEN d.after_first_ms / d.items END AS legacy_ms_per_item,
    CASE WHEN d.items > 1 THEN
      CASE WHEN d.hooks THEN (d.generation_time_ms - d.ttft) / (d.items - 1)
           ELSE d.after_first_ms / (d.items - 1) END END AS inter_item_ms,
    CASE WHEN d.hooks THEN
      CASE WHEN d.generation_time_ms > 0 THEN d.items / (d.generation_time_ms / 1000.0) END
      ELSE CASE WHEN d.stream_ms_raw > 0 THEN d.items / (d.stream_ms_raw / 1000.0) END END AS items_per_s
  FROM d
  JOIN apps a ON a.id = d.app_ref
  JOIN projects p ON p.id = a.project_id
  LEFT JOIN steps step ON step.app_ref = d.app_ref AND step.sequence_id = d.sequence_id;
  `,

  /* 2: stream_facts, the stream_metrics view materialized: dashboards over 100k streams
        scan one narrow table instead of re-deriving every number through three joins.
        The importer refreshes the rows of every app it touched in the same transaction. */ `
  CREATE TABLE stream_facts (
    stream_id INTEGER PRIMARY KEY,
    app_ref INTEGER NOT NULL,
    project_id INTEGER NOT NULL,
    sequence_id INTEGER NOT NULL,
    action TEXT,
    partition_key TEXT,
    step_start_us INTEGER,
    step_end_us INTEGER,
    start_us INTEGER,
    failed INTEGER NOT NULL,
    hooks INTEGER NOT NULL,
    items INTEGER,
    ttft_ms REAL,
    generation_ms REAL,
    consumer_ms REAL,
    gen_share REAL,
    stream_ms REAL,
    legacy_ms_per_item REAL,
    inter_item_ms REAL,
    items_per_s REAL
  );
  CREATE INDEX stream_facts_project ON stream_facts(project_id, start_us);
  CREATE INDEX stream_facts_app ON stream_facts(app_ref, sequence_id);
  INSERT INTO stream_facts
    SELECT m.stream_id, m.app_ref, a.project_id, m.sequence_id, m.action, m.partition_key, m.step_start_us,
      m.step_end_us, m.stream_start_us, m.failed, m.timing_source = 'hooks', m.items, m.ttft_ms, m.generation_ms,
      m.consumer_ms, m.gen_share, m.stream_ms, m.legacy_ms_per_item, m.inter_item_ms, m.items_per_s
    FROM stream_metrics m JOIN apps a ON a.id = m.app_ref;
  `,

  /* 3: S3 sync high-water marks. Keys under <prefix><project>/ sort by time folder, so the
        last key downloaded AND imported lets the next sync list only what is newer
        (StartAfter). Removing the source forgets where its sync stood. */ `
  CREATE TABLE s3_sync_state (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    project TEXT NOT NULL,
    last_key TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (source_id, project)
  );
  `,

  /* 4: One physical file is imported once, whatever path reaches it (a link, a hard link):
        the planner looks a new path's device:inode up here. */ `
  CREATE INDEX files_identity ON files(identity);
  `,

  /* 5: An app's graph is stored once per distinct graph.json, not once per app: the apps of one
        application share it, and at 1.6 KB a copy it was most of a many-small-apps database. */ `
  CREATE TABLE graphs (
    id INTEGER PRIMARY KEY,
    json TEXT NOT NULL UNIQUE
  );
  INSERT OR IGNORE INTO graphs (json) SELECT graph FROM apps WHERE graph IS NOT NULL;
  ALTER TABLE apps ADD COLUMN graph_id INTEGER REFERENCES graphs(id);
  UPDATE apps SET graph_id = (SELECT id FROM graphs WHERE json = apps.graph) WHERE graph IS NOT NULL;
  ALTER TABLE apps DROP COLUMN graph;
  `,

  /* 6: Files in error, found at once (after each import the service checks whether Problems changed). */ `
  CREATE INDEX files_error ON files(id) WHERE error IS NOT NULL;
  `,

  /* 7: A project's latency SLOs, set in the app (issue 14), as the contract's sloSchema JSON.
        Keyed by project name, not id: the SLO outlives removing and re-adding the logs. */ `
  CREATE TABLE project_slos (
    project TEXT PRIMARY KEY,
    slo TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,

  /* 8: Failed streams per project, counted from a partial index of the few failed rows: the
        library's project list counted them by reading every stream (421 ms at 1M streams, now 2). */ `
  CREATE INDEX stream_facts_failed ON stream_facts(project_id) WHERE failed = 1;
  `,

  ...MIGRATIONS_FROM_9,
];
