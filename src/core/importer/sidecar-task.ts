import { closeSync, readFileSync, readSync } from 'node:fs';
import type { z } from 'zod';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../burr/json-depth';
import { describeFsError } from '../burr/layout';
import { sidecarChecks } from '../burr/line-checks';
import { appGraphSchema, appMetadataSchema } from '../burr/line-schemas';
import { openRegularFile } from '../burr/open-regular-file';

/**
 * Reading an app's graph.json or metadata.json: small files that Burr
 * rewrites in place, so they are read whole each time they change. Pure (no
 * database), so it runs in the reader worker on big imports, like log files.
 */
export interface SidecarTask {
  taskId: number;
  path: string;
  kind: 'graph' | 'metadata';
  size: number;
  maxBytes: number;
}

export type SidecarContent =
  | { kind: 'graph'; graphJson: string }
  | { kind: 'metadata'; partitionKey: string | null; parent: unknown; spawningParent: unknown };

export type SidecarMessage = { type: 'sidecar'; taskId: number; bytes: number } & (
  | { ok: true; content: SidecarContent }
  | { ok: false; message: string }
);

export function readSidecar(task: SidecarTask): SidecarMessage {
  const fail = (message: string, bytes = 0): SidecarMessage => ({
    type: 'sidecar',
    taskId: task.taskId,
    bytes,
    ok: false,
    message,
  });
  if (task.size > task.maxBytes)
    return fail(`${task.path} is ${task.size} bytes, over the size limit: skipped`);
  let bytes: Buffer;
  try {
    bytes = readWholeRegularFile(task.path);
  } catch (error) {
    return fail(`cannot read ${task.path}: ${describeFsError(error)}`);
  }
  const text = bytes.toString('utf8');
  const name = task.kind === 'graph' ? 'graph.json' : 'metadata.json';
  if (text.trim() === '')
    return fail(
      `${name} is empty (Burr may be rewriting it); it will be read again on the next import`,
      bytes.length,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(
      `${name} is not valid JSON (cut short while being rewritten?); it will be read again on the next import`,
      bytes.length,
    );
  }
  if (exceedsJsonDepth(value)) {
    return fail(
      `${name} nests deeper than ${MAX_JSON_DEPTH} levels: not a Burr document, skipped`,
      bytes.length,
    );
  }
  let content: SidecarContent;
  if (task.kind === 'graph') {
    // The quick check passes what zod would; zod runs only to decide and explain the rest.
    const parsed = sidecarChecks.graph(value) ? null : appGraphSchema.safeParse(value);
    if (parsed && !parsed.success)
      return fail(
        `${name} does not look like Burr application graph: ${parsed.error.issues[0]?.message ?? ''}`,
        bytes.length,
      );
    content = { kind: 'graph', graphJson: text };
  } else {
    const parsed = sidecarChecks.metadata(value) ? null : appMetadataSchema.safeParse(value);
    if (parsed && !parsed.success)
      return fail(
        `${name} does not look like Burr application metadata: ${parsed.error.issues[0]?.message ?? ''}`,
        bytes.length,
      );
    const metadata = (parsed?.data ?? value) as z.infer<typeof appMetadataSchema>;
    content = {
      kind: 'metadata',
      partitionKey: metadata.partition_key ?? null,
      parent: metadata.parent_pointer,
      spawningParent: metadata.spawning_parent_pointer,
    };
  }
  // No head hash: a sidecar is read whole whenever it changes, so nothing ever compares one.
  return { type: 'sidecar', taskId: task.taskId, bytes: bytes.length, ok: true, content };
}

/**
 * The whole file, read through a descriptor that cannot block on a FIFO or device. Sized by the
 * descriptor's own stat, one read normally does it (readFileSync would stat again and read once
 * more to find the end: two system calls more per sidecar, a third of a small file's cost).
 */
export function readWholeRegularFile(file: string): Buffer {
  const { fd, stat } = openRegularFile(file);
  try {
    // One byte more than the stat's size: a read short of what was asked is the end of a regular file.
    const buf = Buffer.allocUnsafe(stat.size + 1);
    const got = readSync(fd, buf, 0, buf.length, 0);
    if (got <= stat.size) return buf.subarray(0, got);
    // Grown since the stat (Burr rewriting it): read it all the general way (from offset 0: the
    // positional read did not move the descriptor).
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
