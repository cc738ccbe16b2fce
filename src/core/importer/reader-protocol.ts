import type { MessagePort } from 'node:worker_threads';
import type { FileTask, TaskMessage } from './file-task';
import type { SidecarMessage, SidecarTask } from './sidecar-task';

/**
 * Messages between the importing thread (which walks the tree and writes the
 * database) and the reader worker (which reads and parses files). The worker
 * says `ready` once it has started, then answers tasks in the order sent.
 */
export type ToReader =
  | { type: 'log'; task: FileTask }
  | { type: 'sidecar'; task: SidecarTask }
  | { type: 'close' };

export type FromReader = { type: 'ready' } | TaskMessage | SidecarMessage;

export interface ReaderWorkerData {
  port: MessagePort;
  /** [TO_IMPORTER]: bumped by the worker per message it posts; [TO_READER]: bumped by the importing thread. */
  signal: SharedArrayBuffer;
}

export const TO_IMPORTER = 0;
export const TO_READER = 1;
