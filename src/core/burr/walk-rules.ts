import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Which folders and files belong to a walk of opened Burr folders. The tree
 * walker (what gets imported), the layout classifier and the folder watcher
 * (what gets watched) all read these rules from here, so a folder the importer
 * would never walk is never watched, and a file it would never import never
 * triggers a re-import.
 */

export type FileKind = 'log' | 'graph' | 'metadata' | 'children';

/** Never walked at any depth: tool folders that can be huge and never hold Burr logs. */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/**
 * The opened folder is depth 0; folders deeper than this are not listed. Deep
 * enough for `bucket/data/<project>/YYYY/MM/DD/HH/MM:SS/<pk>/<app>`, with room to spare.
 */
export const MAX_DEPTH = 16;

/** Burr's LocalTrackingClient file names, with what each holds. */
const LOCAL_FILE_KINDS: ReadonlyMap<string, FileKind> = new Map([
  ['log.jsonl', 'log'],
  ['graph.json', 'graph'],
  ['metadata.json', 'metadata'],
  ['children.jsonl', 'children'],
]);

/** The S3 tracker names each log object `<time>__log.jsonl`. */
export const S3_LOG_SUFFIX = '__log.jsonl';

/** The kind of a file by its exact local name (`log.jsonl`, ...); null for any other name. */
export function localFileKind(name: string): FileKind | null {
  return LOCAL_FILE_KINDS.get(name) ?? null;
}

/**
 * True for a name the importer may read. Only the name is checked (watch
 * events carry names, and this runs once per written line): whether the file
 * sits where `classifyPath` accepts it is left to the importer.
 */
export function isBurrFileName(name: string): boolean {
  return LOCAL_FILE_KINDS.has(name) || name.endsWith(S3_LOG_SUFFIX);
}

/** Whether a folder at `depth` is listed (the opened folder is depth 0). */
export function listsFolderAt(depth: number): boolean {
  return depth <= MAX_DEPTH;
}

/**
 * Whether a child folder `name` of a folder at `parentDepth` is skipped by
 * name. Dot-folders directly under the opened folder are kept (opening a home
 * folder finds `.burr`) and skipped deeper down; SKIPPED_DIRS everywhere.
 */
export function skipsFolderName(name: string, parentDepth: number): boolean {
  return (name.startsWith('.') && parentDepth > 0) || SKIPPED_DIRS.has(name);
}

/** Whether a walk descends into child folder `name` of a folder at `parentDepth` and lists it. */
export function descendsInto(name: string, parentDepth: number): boolean {
  return listsFolderAt(parentDepth + 1) && !skipsFolderName(name, parentDepth);
}

/**
 * The link rule: a link may lead anywhere (`log.jsonl -> /etc/passwd`, `up -> /`),
 * so it is followed only when its real path is one of the opened roots or lies
 * inside one. `realRoots` are the roots' real paths.
 */
export function staysInsideRoots(realPath: string, realRoots: readonly string[]): boolean {
  return realRoots.some(
    (root) => realPath === root || realPath.startsWith(root.endsWith(path.sep) ? root : root + path.sep),
  );
}

/** The real path of `p` (links resolved), or null when it dangles or cannot be read. */
export function realPathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
