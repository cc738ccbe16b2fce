import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { openRegularFile } from '../burr/open-regular-file';
import { type FactsStamp, sameFactsStamp } from '../store/facts-version';
import { NEW_FILE_FLAGS, sweepStaleTemps, tempFileFor } from '../store/temp-files';
import { codeIdentity } from './code-identity';

/**
 * The dashboards answered last, saved next to the database (`<db>.views`) so that the next start
 * shows them at once, before the facts snapshot is read (at a million streams that read and the
 * first computation take seconds; bench/README.md). An answer is reused only when it is exact:
 * computed on the facts version the database has now (its stamp), by the same code
 * (code-identity.ts), for the same request key.
 * Anything else is computed as usual and saves over it.
 *
 * Parts are kept by the dashboard handler's own keys (charts, goodput, change points) and only for
 * one stamp: answers of a newer facts version replace the older ones. Saved a few seconds after the
 * last answer (one write at a time, a temporary file renamed over the old one) and at close; a
 * failed save costs the next start time, never an answer.
 */

/** The saved views of a database file; null for an in-memory database. */
export function savedViewsFile(databasePath: string): string | null {
  return databasePath === ':memory:' || databasePath === '' ? null : `${databasePath}.views`;
}

export type ViewPart = 'charts' | 'goodput' | 'changePoints';
const PARTS: readonly ViewPart[] = ['charts', 'goodput', 'changePoints'];

/** Per part, the most recent answers kept: the views a user goes back and forth between. */
const MAX_PER_PART = 8;
/** Quiet time before a save: switching toggles answers several dashboards in a row. */
const SAVE_AFTER_MS = 2000;
const FORMAT = 1;
/**
 * Far above what this code writes (8 answers per part: a few MB at a million streams): a larger
 * file is not ours to parse into memory.
 */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const stampSchema = z.object({ dbId: z.string(), schema: z.number(), version: z.number() });
const entriesSchema = z.array(z.tuple([z.string(), z.unknown()]));
const fileSchema = z.object({
  format: z.literal(FORMAT),
  code: z.string(),
  stamp: stampSchema,
  charts: entriesSchema,
  goodput: entriesSchema,
  changePoints: entriesSchema,
});

/** A part's value as the caller's schema reads it; undefined when it is not of that shape. */
export type CheckPart = (part: ViewPart, value: unknown) => unknown;

interface Entry {
  value: unknown;
  /** Read from the file and not yet through `check` (a part kept in this process needs none). */
  unchecked: boolean;
}

export class SavedViews {
  private stamp: FactsStamp | null = null;
  private readonly parts = new Map<ViewPart, Map<string, Entry>>(PARTS.map((p) => [p, new Map()]));
  private loaded = false;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  /**
   * `file`: null keeps nothing (an in-memory database). `currentStamp`: the database's facts stamp
   * now (a saved answer must be of it). `check`: a part read from the file, as the answer's schema
   * reads it (a file on disk can hold anything); once per part, the first time it is asked for.
   */
  constructor(
    private readonly file: string | null,
    private readonly currentStamp: () => FactsStamp | null,
    private readonly check: CheckPart,
    private readonly code: string = codeIdentity(),
  ) {}

  /** The part saved for `key` if it is exactly what computing it now would give; else undefined. */
  get(part: ViewPart, key: string): unknown {
    this.load();
    const entries = this.parts.get(part) as Map<string, Entry>;
    const entry = entries.get(key);
    // The stamp is read from the database each time: an import since (here or by another process) moves it on.
    if (!entry || !sameFactsStamp(this.stamp, this.currentStamp())) return undefined;
    if (entry.unchecked) {
      const value = this.check(part, entry.value);
      if (value === undefined) {
        entries.delete(key);
        return undefined;
      }
      entries.set(key, { value, unchecked: false });
      return value;
    }
    return entry.value;
  }

  /** Keeps a part computed on the facts of `stamp`, to be saved after a quiet moment. */
  keep(part: ViewPart, key: string, value: unknown, stamp: FactsStamp | null): void {
    if (!this.file || !stamp || this.closed) return;
    this.load();
    // An answer of older data (a slow computation finishing late) never replaces newer ones.
    if (this.stamp && this.stamp.dbId === stamp.dbId && stamp.version < this.stamp.version) return;
    if (!sameFactsStamp(this.stamp, stamp)) {
      for (const entries of this.parts.values()) entries.clear();
      this.stamp = stamp;
    }
    const entries = this.parts.get(part) as Map<string, Entry>;
    entries.delete(key);
    entries.set(key, { value, unchecked: false });
    while (entries.size > MAX_PER_PART) entries.delete(entries.keys().next().value as string);
    this.dirty = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), SAVE_AFTER_MS);
    this.timer.unref(); // a pending save never keeps a CLI process alive
  }

  /** Forgets every answer held, the file's included (benchmarks time the computation); the file stays until the next save. */
  clear(): void {
    this.load();
    for (const entries of this.parts.values()) entries.clear();
  }

  /** Writes what is not saved yet: the service is closing. Nothing is kept afterwards. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.save();
    this.closed = true;
  }

  /**
   * Writes the file synchronously (a few MB, ~15 ms at 1M streams): one write at a time by
   * construction, so a save at close can never interleave with one in flight.
   */
  private save(): void {
    this.timer = null;
    const text = this.takeText();
    if (text === null || !this.file) return;
    // This process's own temporary file, created afresh (store/temp-files.ts).
    sweepStaleTemps(this.file);
    const tmp = tempFileFor(this.file);
    try {
      const fd = openSync(tmp, NEW_FILE_FLAGS, 0o644);
      try {
        writeFileSync(fd, text);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
    } catch {
      rmSync(tmp, { force: true });
    }
  }

  /** The file's text when there is something new to save; null otherwise. */
  private takeText(): string | null {
    if (!this.dirty || !this.stamp) return null;
    this.dirty = false;
    const entries = (part: ViewPart) =>
      [...(this.parts.get(part) as Map<string, Entry>)].map(([key, { value }]) => [key, value]);
    return JSON.stringify({
      format: FORMAT,
      code: this.code,
      stamp: this.stamp,
      charts: entries('charts'),
      goodput: entries('goodput'),
      changePoints: entries('changePoints'),
    });
  }

  /** Reads the file once, on first use; a missing, damaged or other code's file gives nothing. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.file) return;
    try {
      // Only a regular file, opened without blocking (a FIFO in its place would hold the start).
      const { fd, stat } = openRegularFile(this.file);
      let text: string;
      try {
        if (stat.size > MAX_FILE_BYTES) return;
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (!parsed.success || parsed.data.code !== this.code) return;
      this.stamp = parsed.data.stamp;
      for (const part of PARTS)
        this.parts.set(
          part,
          new Map(parsed.data[part].map(([key, value]) => [key, { value, unchecked: true }])),
        );
    } catch {
      // Missing, unreadable or not a regular file: nothing saved.
    }
  }
}
