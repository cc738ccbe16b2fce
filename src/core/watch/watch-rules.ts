/**
 * Which folders and files the watcher follows. These mirror the walk of
 * `TreeWalker` (src/core/burr/tree-walker.ts): a folder the importer would never
 * walk is never watched, and a file it would never import never triggers one.
 */

/** Same as layout.ts `SKIPPED_DIRS`. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
/** Same as layout.ts `MAX_DEPTH`: the root is depth 0, deeper folders are not walked. */
export const MAX_WATCH_DEPTH = 16;

const BURR_FILE_NAMES = new Set(['log.jsonl', 'graph.json', 'metadata.json', 'children.jsonl']);
const S3_LOG_SUFFIX = '__log.jsonl';

/**
 * True for a name the importer may read. Only the name is checked (events
 * carry names, and this runs once per written line): whether the file sits
 * where `classifyPath` accepts it is left to the importer.
 */
export function isBurrFileName(name: string): boolean {
  return BURR_FILE_NAMES.has(name) || name.endsWith(S3_LOG_SUFFIX);
}

/** Whether the `TreeWalker` would walk a child folder `name` of a folder at `parentDepth`. */
export function shouldDescend(name: string, parentDepth: number): boolean {
  if (parentDepth + 1 > MAX_WATCH_DEPTH) return false;
  // The walker keeps dot-folders directly under the opened folder (`~/.burr` itself
  // may be opened from its parent) and skips them deeper down.
  if (name.startsWith('.') && parentDepth > 0) return false;
  return !SKIPPED_DIRS.has(name);
}
