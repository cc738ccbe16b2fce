import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * The check a saved snapshot ends with, over every byte before it: the file's guard against damage
 * (cut short, torn by a crash, a bit gone wrong), checked before anything decoded from it is used.
 * - Format 3 on: a CRC-32 (little-endian, then zeros to fill the trailer). It finds any such damage
 *   but one in 4 billion, and costs a few ms per 100 MB where SHA-256 cost ~60 ms: a start reads a
 *   200 MB file at 1M streams with both cores busy (bench/README.md).
 * - Format 2: SHA-256, still read.
 * Not a guard against a deliberate edit: whoever can write this file can write the database beside it.
 */
export type CheckKind = 'crc32' | 'sha256';

/** The trailer's length, whatever the check. */
export const CHECK_BYTES = 32;

/** Which check the file whose first bytes are `prefix` ends with: by its header's format (null: none known). */
export function checkKindOf(prefix: Uint8Array): CheckKind | null {
  // The header is JSON that starts with its format (facts-snapshot-header.ts), right after 16 bytes.
  const start = Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength).toString('latin1', 16, 40);
  const format = /^\{"format":(\d+)[,}]/.exec(start)?.[1];
  if (format === '2') return 'sha256';
  if (format === '3') return 'crc32';
  return null;
}

/** A running check of bytes given in order; `digest` is the trailer they should end with. */
export interface RunningCheck {
  update(bytes: Uint8Array): void;
  digest(): Uint8Array;
}

export function runningCheck(kind: CheckKind): RunningCheck {
  if (kind === 'sha256') {
    const hash = createHash('sha256');
    return {
      update: (bytes) => {
        hash.update(bytes);
      },
      digest: () => new Uint8Array(hash.digest()),
    };
  }
  let value = 0;
  return {
    update: (bytes) => {
      value = crc32(bytes, value);
    },
    digest: () => crcTrailer(value),
  };
}

/** The trailer of a CRC-32: its value, little-endian, then zeros. */
export function crcTrailer(value: number): Uint8Array {
  const out = new Uint8Array(CHECK_BYTES);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}

/** The check of `body` whole. */
export function checkOf(kind: CheckKind, body: Uint8Array): Uint8Array {
  const check = runningCheck(kind);
  check.update(body);
  return check.digest();
}
