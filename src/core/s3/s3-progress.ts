import type { ImportProgress, ImportSummary } from '../../shared/schemas/import';
import type { S3SyncProgress, S3SyncSummary } from './s3-sync';

/**
 * A sync's progress in the shape every import reports (objects as files, downloaded bytes as
 * bytes), with where the sync is as a typed origin, so no view has to parse it back from a string.
 */
export function s3AsImportProgress(p: S3SyncProgress, location: string): ImportProgress {
  const place = `${location}${p.project ? `${p.project}/` : ''}`;
  return {
    phase: p.phase === 'done' ? 'done' : p.phase === 'listing' ? 'scanning' : 'importing',
    filesDone: p.downloaded + p.skipped,
    filesTotal: p.listed,
    bytesDone: p.downloadBytes,
    bytesTotal: 0,
    lines: p.import?.lines ?? 0,
    quarantined: p.import?.quarantined ?? 0,
    elapsedMs: p.elapsedMs,
    bytesPerSecond: p.downloadBytesPerSecond,
    currentFile: place,
    origin: { kind: 's3', location, project: p.project, phase: p.phase },
  };
}

/** A sync's summary as the contract's import summary: the sync's own counts under `s3`. */
export function s3AsImportSummary(s: S3SyncSummary): ImportSummary {
  const {
    listed,
    downloaded,
    skipped,
    downloadBytes,
    ignored,
    retries,
    location,
    sourceId: _,
    ...summary
  } = s;
  return {
    ...summary,
    s3: { location, listed, downloaded, skipped, download_bytes: downloadBytes, ignored, retries },
  };
}
