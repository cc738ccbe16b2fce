/*
 * Times for people. Stream times are UTC and shown in the viewer's local time; step times are the
 * writer's naive local time and are shown exactly as written (BURR-FORMAT §2: never mix the two).
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "2025-03-04 13:05:09" in the viewer's local time. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatIsoLocal(iso: string | null | undefined): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatDateTime(ms) : iso;
}

/** A naive step time as written, with the T replaced and fractions cut to ms. */
export function formatNaive(naive: string | null | undefined): string {
  if (!naive) return '–';
  return naive.replace('T', ' ').replace(/(\.\d{3})\d+/, '$1');
}

/** "just now", "5 min ago", "3 h ago", "12 days ago"; a date beyond a year. */
export function formatAgo(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const s = Math.round((now - ms) / 1000);
  if (s < 0) return formatDateTime(ms);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 365) return `${d} day${d === 1 ? '' : 's'} ago`;
  return formatDateTime(ms).slice(0, 10);
}

/** An ISO UTC time as the value of a datetime-local input (viewer's local time). */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value back to ISO UTC; undefined when empty or unreadable. */
export function localInputToIso(v: string): string | undefined {
  if (!v) return undefined;
  const ms = new Date(v).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** The last path segment, for places too narrow for the whole path (the title shows it). */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i >= 0 ? trimmed.slice(i + 1) || trimmed : trimmed;
}

/**
 * A source's short name for the sidebar and breadcrumbs: a folder's last segment; for an S3 source
 * (`s3://bucket/prefix/`) the bucket, plus the prefix when it is not Burr's default `data/`.
 */
export function sourceLabel(location: string): string {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(location);
  if (!m) return baseName(location);
  const [, bucket = '', prefix = ''] = m;
  const rest = prefix.replace(/\/+$/, '');
  return rest === '' || rest === 'data' ? bucket : `${bucket}/${rest}`;
}

/** The last few path segments ("…/project/app/log.jsonl"): enough to recognise a file in a narrow cell. */
export function tailPath(path: string, segments = 3): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts.length <= segments ? path : `…/${parts.slice(-segments).join('/')}`;
}

/** "36m", "3h", "12d": for the sidebar, where every character of an app id counts. */
export function formatAgoShort(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const m = Math.round((now - ms) / 60_000);
  if (m < 1) return 'now';
  if (m < 60) return `${m}m`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h}h`;
  const d = Math.round(h / 24);
  return d < 365 ? `${d}d` : `${Math.round(d / 365)}y`;
}

/**
 * Shortens in the middle ("slow-model-r…-03-123e9b"): app ids often share a prefix and differ at
 * the end, so an end ellipsis would hide the part that tells them apart.
 */
export function middleEllipsis(s: string, max: number): string {
  if (s.length <= max) return s;
  const tail = Math.ceil((max - 1) * 0.45);
  return `${s.slice(0, max - 1 - tail)}…${s.slice(s.length - tail)}`;
}

/** A bucket width in the unit people say: "30 s", "5 min", "1 h", "1 day". */
export function formatSpan(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return unit === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${unit}`;
    }
  }
  return `${ms} ms`;
}
