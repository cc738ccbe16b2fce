import type { MessagePort } from 'node:worker_threads';
import type { DiscoveredFile, ScanError } from '../burr/layout';
import type { WalkState } from '../burr/tree-walker';
import type { FileTask, TaskMessage } from './file-task';
import type { SidecarMessage, SidecarTask } from './sidecar-task';

/**
 * Messages between the importing thread (which plans and writes the database)
 * and the reader worker (which walks the rest of the tree, reads and parses
 * files). The worker says `ready` once it has started; it answers tasks in the
 * order sent, with `found` messages in between as its walk goes on.
 */
export type ToReader =
  | { type: 'walk'; state: WalkState }
  | { type: 'log'; task: FileTask }
  | { type: 'sidecar'; task: SidecarTask }
  | { type: 'close' };

export type FoundMessage = { type: 'found'; files: DiscoveredFile[]; errors: ScanError[]; walkDone: boolean };

export type FromReader = { type: 'ready' } | FoundMessage | TaskMessage | SidecarMessage;

export interface ReaderWorkerData {
  port: MessagePort;
  /** [TO_IMPORTER]: bumped by the worker per message it posts; [TO_READER]: bumped by the importing thread. */
  signal: SharedArrayBuffer;
}

export const TO_IMPORTER = 0;
export const TO_READER = 1;
