import type { StoreDatabase } from './open-store';

/**
 * A file's 64-bit path key: the files table is looked up and kept unique by this key, not by
 * the path itself. A unique index on the ~120-byte absolute path stored every path a second time
 * (7.2 of a 31 MB database on a tree of small apps, three files each); an index on an 8-byte key
 * is a tenth of that. Two paths with one key (odds about n²/2^65: 3e-8 at a million files) are
 * told apart by comparing the stored path, and the second is reported, never mixed up.
 *
 * Two 32-bit multiply-xor lanes over the UTF-16 code units with a final avalanche each (the
 * cyrb53 construction, both lanes kept whole): about 0.3 µs a path, against 1.8 µs for a SHA-256.
 * The key is stored, so this function must never change (a new one needs a migration).
 */
export function pathKey(path: string): bigint {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return BigInt.asIntN(64, (BigInt(h2 >>> 0) << 32n) | BigInt(h1 >>> 0));
}

/** `path_key(path)` in SQL, for the migration that fills the column of existing rows. */
export function registerPathKeyFunction(db: StoreDatabase): void {
  db.function('path_key', { deterministic: true }, (path: unknown) =>
    typeof path === 'string' ? pathKey(path) : null,
  );
}

/** Thrown when a path's key is already taken by another path (see pathKey). */
export class PathKeyTaken extends Error {
  constructor(
    readonly path: string,
    readonly takenBy: string,
  ) {
    super(
      `not imported: its path's 64-bit key is already taken by ${takenBy} (a one-in-billions collision). ` +
        'Rename or move this file (or its folder) and import again.',
    );
  }
}
