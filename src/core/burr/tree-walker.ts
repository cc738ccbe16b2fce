import { type Dirent, existsSync, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import {
  classifyPath,
  type DiscoveredFile,
  describeFsError,
  type FileKind,
  hasUndecodableName,
  NOT_UTF8_NAME,
  type ScanError,
} from './layout';
import { describeSpecialFile } from './open-regular-file';
import {
  isBurrFileName,
  listsFolderAt,
  realPathOrNull,
  skipsFolderName,
  staysInsideRoots,
} from './walk-rules';

/**
 * Walks the folders the user opened, one folder per step, in a fixed order:
 * a folder's Burr files first (metadata, graph, log, children), then its
 * subfolders by name, depth first. Zero-padded S3 time folders therefore come
 * in time order, and two walks of the same tree find the same files in the
 * same order.
 *
 * Stepwise, so an import can start on the first files while the rest of the
 * tree is still being listed, and resumable from `state()` in another thread:
 * the importer walks the start of a big tree itself, then hands the rest to
 * its reader worker (src/core/importer/import-paths.ts).
 *
 * Plain folders are not stat'ed (that was a third of the cost of listing a
 * large S3 tree); only the roots and symbolic links are, so a link loop or a
 * link back into an opened folder is walked once. A link is followed only when
 * its real path lies inside an opened folder (a link to /etc/passwd or to `/`
 * leaves a notice, not a file); a FIFO, socket or device named like a Burr
 * file is skipped with a notice (opening one could block the import).
 */
export interface WalkItem {
  path: string;
  depth: number;
  /** Reached through a symbolic link: stat it to learn what it is and whether it was seen. */
  viaLink: boolean;
}

export interface WalkBatch {
  files: DiscoveredFile[];
  errors: ScanError[];
}

export type Classified = Omit<DiscoveredFile, 'size' | 'mtimeMs' | 'identity'>;
const KIND_ORDER: Record<FileKind, number> = { metadata: 0, graph: 1, log: 2, children: 3 };

/** Where a walk stands: plain data, so it can be posted to another thread. */
export interface WalkState {
  stack: WalkItem[];
  /** `dev:ino` of every root and link target folder already walked. */
  visited: string[];
  /** The real paths of the folders opened: a link into one of them is not followed (it is walked anyway). */
  realRoots: string[];
}

export class TreeWalker {
  private readonly stack: WalkItem[];
  private readonly visited: Set<string>;
  private readonly realRoots: string[];

  private constructor(state: WalkState) {
    this.stack = [...state.stack];
    this.visited = new Set(state.visited);
    this.realRoots = state.realRoots;
  }

  /** A walk of `roots` (folders or single files); a root inside another root is walked once. */
  static fromRoots(roots: readonly string[]): TreeWalker {
    const resolved = [...new Set(roots.map((r) => path.resolve(r)))];
    // Checked by ancestors, not pairwise: an S3 page passes a thousand files as roots.
    const given = new Set(resolved);
    // A root inside another root is left to that root's walk when the walk reaches it. It stays a
    // root of its own when it does not exist (so it is reported missing) or lies where the walk does
    // not go (a dot-folder, node_modules, too deep).
    const kept = resolved.filter((r) => {
      const ancestor = givenAncestor(r, given);
      return (
        ancestor === null ||
        !existsSync(r) ||
        !walkReaches(ancestor, r, givenAncestor(ancestor, given) !== null)
      );
    });
    // Roots are walked in the order given: the stack pops the last pushed first.
    const stack = kept.reverse().map((p) => ({ path: p, depth: 0, viaLink: true }));
    const realRoots = kept.flatMap((root) => {
      try {
        return [realpathSync(root)];
      } catch {
        return []; // reported when the walk reaches it
      }
    });
    return new TreeWalker({ stack, visited: [], realRoots });
  }

  static resume(state: WalkState): TreeWalker {
    return new TreeWalker(state);
  }

  /** Where the walk stands, to continue it elsewhere with `resume`. */
  state(): WalkState {
    return { stack: [...this.stack], visited: [...this.visited], realRoots: this.realRoots };
  }

  /**
   * Gives away every other folder still to visit, as a walk of its own: two threads then walk
   * disjoint parts of the tree (a folder reached through a link is only walked from a root, so no
   * folder is listed twice). This walker keeps the rest, in its order.
   */
  splitOff(): WalkState {
    const given = this.stack.filter((_, i) => i % 2 === 0);
    const kept = this.stack.filter((_, i) => i % 2 === 1);
    this.stack.length = 0;
    this.stack.push(...kept);
    return { stack: given, visited: [...this.visited], realRoots: this.realRoots };
  }

  get done(): boolean {
    return this.stack.length === 0;
  }

  /** Visits one folder (or one root file); what it finds is appended to `out`. */
  step(out: WalkBatch): void {
    const item = this.stack.pop();
    if (!item) return;
    if (item.viaLink) {
      let st: Stats;
      try {
        st = statSync(item.path);
      } catch (error) {
        // A dangling link below a root is not a Burr file; a missing root is the user's to know about.
        if (item.depth === 0)
          out.errors.push({ path: item.path, message: describeFsError(error, item.path) });
        return;
      }
      if (item.depth > 0) {
        // A link may lead anywhere (`log.jsonl -> /etc/passwd`, `up -> /`): only into the opened folders.
        const real = realPathOrNull(item.path);
        if (real === null || !staysInsideRoots(real, this.realRoots)) {
          if (st.isFile() ? classifyPath(item.path) : st.isDirectory()) {
            out.errors.push({
              path: item.path,
              message: `a link to ${real ?? 'an unreadable place'}, outside the folders opened: not followed`,
            });
          }
          return;
        }
      }
      if (st.isFile()) {
        const classified = classifyPath(item.path);
        if (classified) out.files.push(withStat(classified, st));
        return;
      }
      if (!st.isDirectory()) {
        if (classifyPath(item.path)) out.errors.push(specialFileNotice(item.path, st));
        return;
      }
      if (item.depth > 0) return; // inside a root: the walk of that root lists it
      const key = `${st.dev}:${st.ino}`;
      if (this.visited.has(key)) return; // a link loop, or a folder reached twice
      this.visited.add(key);
    }
    this.listFolder(item, out);
  }

  private listFolder(item: WalkItem, out: WalkBatch): void {
    if (!listsFolderAt(item.depth)) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(item.path, { withFileTypes: true });
    } catch (error) {
      out.errors.push({ path: item.path, message: describeFsError(error, item.path) });
      return;
    }
    const files: Classified[] = [];
    const folders: WalkItem[] = [];
    // Folders come from readdir of a resolved root, so plain concatenation is a normalized path.
    const prefix = item.path.endsWith(path.sep) ? item.path : item.path + path.sep;
    for (const entry of entries) {
      const full = prefix + entry.name;
      if (hasUndecodableName(entry.name) && !existsSync(full)) {
        out.errors.push({ path: full, message: NOT_UTF8_NAME });
        continue;
      }
      const isLink = entry.isSymbolicLink();
      if (entry.isDirectory() || isLink) {
        if (skipsFolderName(entry.name, item.depth)) continue;
        folders.push({ path: full, depth: item.depth + 1, viaLink: isLink });
      } else if (entry.isFile() && isBurrFileName(entry.name)) {
        const classified = classifyPath(full, true);
        if (classified) files.push(classified);
      } else if (!entry.isFile() && classifyPath(full, true)) {
        // A FIFO, socket or device named like a Burr file: opening it could block forever.
        out.errors.push({ path: full, message: `${describeDirentKind(entry)}, not a regular file: skipped` });
      }
    }
    files.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.path, b.path));
    for (const file of files) {
      try {
        out.files.push(withStat(file, statSync(file.path)));
      } catch (error) {
        out.errors.push({ path: file.path, message: describeFsError(error, file.path) });
      }
    }
    // Pushed in reverse so the first by name is visited next.
    folders.sort((a, b) => compareText(b.path, a.path));
    for (const folder of folders) this.stack.push(folder);
  }
}

function specialFileNotice(p: string, st: Stats): ScanError {
  return { path: p, message: `${describeSpecialFile(st)}, not a regular file: skipped` };
}

function describeDirentKind(entry: Dirent): string {
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  return 'a device';
}

function withStat(c: Classified, st: Stats): DiscoveredFile {
  return discoveredFile(c, st.size, st.mtimeMs, `${st.dev}:${st.ino}`);
}

/**
 * Every DiscoveredFile is built here, with its fields in one order, so code that reads them sees one
 * object shape (V8 optimizes such code once instead of recompiling it per shape).
 */
export function discoveredFile(
  c: Classified,
  size: number,
  mtimeMs: number,
  identity: string,
): DiscoveredFile {
  return {
    path: c.path,
    kind: c.kind,
    project: c.project,
    appId: c.appId,
    partitionDir: c.partitionDir,
    layout: c.layout,
    timeFolder: c.timeFolder,
    complete: c.complete,
    size,
    mtimeMs,
    identity,
  };
}

/** The nearest folder above `p` that is itself one of the roots given, or null. */
function givenAncestor(p: string, given: ReadonlySet<string>): string | null {
  for (let child = p, up = path.dirname(p); up !== child; child = up, up = path.dirname(up)) {
    if (given.has(up)) return up;
  }
  return null;
}

/**
 * Whether walking `root` lists `target` (below it), by the walk rules of `listFolder`. When `root`
 * is itself inside another root, that root's walk reaches it below the top, so the dot-folder rule
 * applies to its own children too: each parent then counts one level deeper.
 */
function walkReaches(root: string, target: string, rootIsNested: boolean): boolean {
  const segments = path.relative(root, target).split(path.sep);
  if (!listsFolderAt(segments.length)) return false;
  return segments.every((name, i) => !skipsFolderName(name, rootIsNested ? i + 1 : i));
}

/** By UTF-16 code unit: the same order on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
