import type { DiscoveredFile, ScanError } from '../burr/layout';
import type { WalkState } from '../burr/tree-walker';
import type { FileTask, TaskMessage } from './file-task';
import type { SidecarMessage, SidecarTask } from './sidecar-task';

/**
 * Messages between the importing thread (which writes the database) and the
 * reader worker (which does all the file-system work of a big import: walks
 * the tree, reads and parses files). The worker answers tasks in the order
 * they were sent; `found` messages come in between, as the walk goes on.
 */
export type ToReader =
  | { type: 'walk'; state: WalkState }
  | { type: 'log'; task: FileTask }
  | { type: 'sidecar'; task: SidecarTask }
  | { type: 'close' };

export type FromReader =
  | { type: 'found'; files: DiscoveredFile[]; errors: ScanError[]; walkDone: boolean }
  | TaskMessage
  | SidecarMessage;

export interface ReaderWorkerData {
  port: import('node:worker_threads').MessagePort;
  /** [0]: bumped by the worker per message it posts; [1]: bumped by the importing thread per task. */
  signal: SharedArrayBuffer;
}

export const TO_IMPORTER = 0;
export const TO_READER = 1;
