import type { MessagePort } from 'node:worker_threads';
import type { DiscoveredFile, ScanError } from '../burr/layout';
import { discoveredFile, type WalkState } from '../burr/tree-walker';
import type { FileTask, TaskMessage } from './file-task';
import type { SidecarMessage, SidecarTask } from './sidecar-task';

/**
 * Messages between the importing thread (which plans and writes the database)
 * and the reader worker (which walks the rest of the tree, reads and parses
 * files). The worker says `ready` once it has started; it answers tasks in the
 * order sent, with `found` messages in between as its walk goes on.
 */
export type ReadTask = { type: 'log'; task: FileTask } | { type: 'sidecar'; task: SidecarTask };

/** Tasks go several to a message (one per refill of the read-ahead): a message costs ~8 µs on each side. */
export type ToReader =
  | { type: 'walk'; state: WalkState }
  | { type: 'tasks'; tasks: ReadTask[] }
  | { type: 'close' };

/** Files found by the walk, as one flat list of field values (see packFiles): cheap to post and rebuild. */
export type FoundMessage = { type: 'found'; files: PackedFiles; errors: ScanError[]; walkDone: boolean };

export type PackedFiles = (string | number | boolean)[];
const FIELDS_PER_FILE = 11;

export function packFiles(files: readonly DiscoveredFile[]): PackedFiles {
  const out: PackedFiles = [];
  for (const f of files)
    out.push(
      f.path,
      f.kind,
      f.project,
      f.appId,
      f.partitionDir,
      f.layout,
      f.timeFolder,
      f.complete,
      f.size,
      f.mtimeMs,
      f.identity,
    );
  return out;
}

export function unpackFiles(packed: PackedFiles): DiscoveredFile[] {
  const files: DiscoveredFile[] = [];
  for (let i = 0; i + FIELDS_PER_FILE <= packed.length; i += FIELDS_PER_FILE) {
    const v = packed;
    files.push(
      discoveredFile(
        {
          path: v[i] as string,
          kind: v[i + 1] as DiscoveredFile['kind'],
          project: v[i + 2] as string,
          appId: v[i + 3] as string,
          partitionDir: v[i + 4] as string,
          layout: v[i + 5] as DiscoveredFile['layout'],
          timeFolder: v[i + 6] as string,
          complete: v[i + 7] as boolean,
        },
        v[i + 8] as number,
        v[i + 9] as number,
        v[i + 10] as string,
      ),
    );
  }
  return files;
}

export type Answer = TaskMessage | SidecarMessage;

/** Answers, in task order: up to 16 to a message while the worker has more files queued (see reader-worker.ts). */
export type AnswersMessage = { type: 'answers'; answers: Answer[] };

export type FromReader = { type: 'ready' } | FoundMessage | AnswersMessage;

export interface ReaderWorkerData {
  port: MessagePort;
  /** [TO_IMPORTER]: bumped by the worker per message it posts; [TO_READER]: bumped by the importing thread;
   * [IMPORTER_WAITING]: set while the importing thread waits; [WALK_PAUSED]: the walk is far enough ahead. */
  signal: SharedArrayBuffer;
}

export const TO_IMPORTER = 0;
export const TO_READER = 1;
/** 1 while the importing thread sleeps waiting for an answer: the worker then sends what it holds at once. */
export const IMPORTER_WAITING = 2;
/**
 * 0 while the worker runs; its exit code + 1 once its thread is ending. The importing thread
 * waits synchronously, so it never sees the Worker's 'exit' or 'error' event: without this it
 * would wait forever for the answers of a worker that died.
 */
export const READER_EXIT = 3;
/**
 * 1 while the importing thread has enough files planned and not yet read (see MAX_PLANNED_FILES in
 * import-paths.ts): the worker's walk waits meanwhile.
 */
export const WALK_PAUSED = 4;
/** Int32 slots in the shared signal buffer. */
export const SIGNAL_SLOTS = 5;
