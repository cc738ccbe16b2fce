import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What the desktop shell remembers between launches (not the data: that is
 * the SQLite database). One small JSON file under userData.
 */

const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(150).max(100_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

const settingsSchema = z.object({
  window: windowStateSchema.optional(),
  recentFolders: z.array(z.string().min(1).max(4096)).max(50).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

export const SETTINGS_FILE_NAME = 'desktop-settings.json';

/** A missing, unreadable or hand-mangled file means defaults: losing window placement must never stop the app starting. */
export function readSettings(file: string): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return settingsSchema.parse({});
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Keep what is still valid field by field instead of dropping everything for one bad value.
  const partial = (raw ?? {}) as Record<string, unknown>;
  const window = windowStateSchema.safeParse(partial.window);
  const recent = settingsSchema.shape.recentFolders.safeParse(partial.recentFolders);
  return {
    window: window.success ? window.data : undefined,
    recentFolders: recent.success ? recent.data : [],
  };
}

/**
 * Write-then-rename: a crash or power cut mid-write leaves the old file, never
 * a truncated one. Synchronous on purpose: it runs on quit, when an async
 * write could be cut off, and the file is a few hundred bytes.
 */
export function writeSettings(file: string, settings: Settings): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
