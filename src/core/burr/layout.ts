import path from 'node:path';
import { type FileKind, localFileKind, S3_LOG_SUFFIX } from './walk-rules';

export type { FileKind } from './walk-rules';

/**
 * Finds Burr tracker files under whatever the user opened: a `~/.burr` root,
 * one project, one app, an S3 download at any level (bucket root, `data/`,
 * `data/<project>/`), or several of these at once. Each file is classified
 * from its own absolute path, so the level the user picked never matters.
 */
export type Layout = 'local' | 's3';

export interface AppIdentity {
  project: string;
  appId: string;
  /** '' for local apps; the S3 partition folder (`tenant-0` or `__none__`) otherwise. */
  partitionDir: string;
  layout: Layout;
}

export interface DiscoveredFile extends AppIdentity {
  path: string;
  kind: FileKind;
  /** S3 time folder as `YYYY/MM/DD/HH/MM:SS.ffffff` (sorts by time); '' for local files. */
  timeFolder: string;
  size: number;
  mtimeMs: number;
  /** Device + inode: a changed identity means the file was replaced. */
  identity: string;
  /** True when the file is written whole (S3 objects): its last line is complete without '\n'. */
  complete: boolean;
}

export interface ScanError {
  path: string;
  message: string;
}

export const S3_NONE_PARTITION = '__none__';
const TIME_FOLDER_RE = /^\d{2}:\d{2}(\.\d+)?$/;

/**
 * Classifies one file by its path; null when it is not a Burr tracker file.
 * `normalized`: the path is already absolute and normalized (the walker's), so resolving it is skipped.
 */
export function classifyPath(
  filePath: string,
  normalized = false,
): Omit<DiscoveredFile, 'size' | 'mtimeMs' | 'identity'> | null {
  const parts = (normalized ? filePath : path.resolve(filePath)).split(path.sep);
  const name = parts.at(-1) ?? '';
  const at = (fromEnd: number): string => parts.at(-fromEnd) ?? '';
  const s3Identity = (): (AppIdentity & { timeFolder: string }) | null => {
    // <project>/<YYYY>/<MM>/<DD>/<HH>/<MM:SS.f>/<pk>/<app>/<file>
    const [project, yyyy, mm, dd, hh, minSec] = [at(9), at(8), at(7), at(6), at(5), at(4)];
    const isTimePath =
      /^\d{4}$/.test(yyyy) &&
      /^\d{2}$/.test(mm) &&
      /^\d{2}$/.test(dd) &&
      /^\d{2}$/.test(hh) &&
      TIME_FOLDER_RE.test(minSec);
    if (!isTimePath || !project) return null;
    return {
      project,
      appId: at(2),
      partitionDir: at(3),
      layout: 's3',
      timeFolder: `${yyyy}/${mm}/${dd}/${hh}/${minSec}`,
    };
  };

  if (name.endsWith(S3_LOG_SUFFIX)) {
    const id = s3Identity();
    return id ? { ...id, path: filePath, kind: 'log', complete: true } : null;
  }
  const kind: FileKind | null = localFileKind(name);
  if (!kind) return null;
  if (kind === 'graph' || kind === 'metadata') {
    const id = s3Identity();
    if (id) return { ...id, path: filePath, kind, complete: true };
  }
  if (!at(2) || !at(3)) return null;
  return {
    project: at(3),
    appId: at(2),
    partitionDir: '',
    layout: 'local',
    timeFolder: '',
    path: filePath,
    kind,
    complete: false,
  };
}

export function describeFsError(error: unknown, fsPath?: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return fsPath !== undefined && hasUndecodableName(fsPath)
        ? NOT_UTF8_NAME
        : 'not found: check the path, or the folder was moved or deleted';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: give your user read access to it';
    case 'ENOTDIR':
      return 'not a folder';
    case 'ENOTREG': // NotARegularFileError: its message says what the file is
      return (error as Error).message;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** What to say of a name whose bytes are not UTF-8: it cannot be opened by the name Node decoded. */
export const NOT_UTF8_NAME =
  'its name is not valid UTF-8 (shown with \uFFFD), so it cannot be opened by name: rename it with UTF-8 characters';

/** Node decodes invalid UTF-8 in file names to U+FFFD: such a name no longer leads to the file. */
export function hasUndecodableName(fsPath: string): boolean {
  return fsPath.includes('\uFFFD');
}
