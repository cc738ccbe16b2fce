import { grown, PathList } from './path-list';

/**
 * The physical files (device:inode) an import has planned, each with the path it reads it by, so a
 * file reached again (a root given twice, a hard link, a link to it) is read once.
 *
 * It holds every file of the tree until the import ends (458k files at 1 GB of line-heavy logs),
 * so it is kept small. A Map from identity strings to path strings, with a Set of the paths, cost
 * about 300 bytes a file and 190 MB of the importer's peak RSS at that size (693 MB, against 502
 * without them). Here the key is the inode number (no string per file), the device is checked on
 * a hit, and the paths are front-coded (PathList): under 90 bytes a file.
 */
export class SeenFiles {
  /** Inode number → the newest entry with it; entries with the same number chain through `sameInode`. */
  private readonly byInode = new Map<number, number>();
  /** Identities that are not "device:inode" numbers (never from a stat; kept exact all the same). */
  private readonly byIdentity = new Map<string, number>();
  private devices = new Float64Array(1 << 10);
  private sameInode = new Int32Array(1 << 10);
  /** Entry → index of its path in `paths` (an entry's path can be replaced: see `repoint`). */
  private pathOf = new Int32Array(1 << 10);
  private entries = 0;
  private readonly paths = new PathList();

  /** The path `identity` is already read by in this import; undefined after recording it as `path`. */
  claim(identity: string, path: string): string | undefined {
    const parsed = parseIdentity(identity);
    const found = this.find(identity, parsed);
    if (found >= 0) return this.paths.at(this.pathOf[found] as number);
    this.add(identity, parsed, path);
    return undefined;
  }

  /** From now on `identity` is read by `path` (an earlier import's path to the same file). */
  repoint(identity: string, path: string): void {
    const parsed = parseIdentity(identity);
    const found = this.find(identity, parsed);
    if (found < 0) this.add(identity, parsed, path);
    else this.pathOf[found] = this.paths.push(path);
  }

  /** Forgets `identity` if `path` is the path recorded for it (its planning is being undone). */
  release(identity: string, path: string): void {
    const found = this.find(identity, parseIdentity(identity));
    if (found < 0 || this.paths.at(this.pathOf[found] as number) !== path) return;
    // Not unlinked from its chain (rare: a plan undone once per import): marked as no file's.
    this.devices[found] = Number.NaN;
    this.byIdentity.delete(identity);
  }

  /** The entry of `identity`, or -1. */
  private find(identity: string, parsed: Identity | null): number {
    if (!parsed) return this.byIdentity.get(identity) ?? -1;
    for (let e = this.byInode.get(parsed.inode) ?? -1; e >= 0; e = this.sameInode[e] as number)
      if (this.devices[e] === parsed.device) return e;
    return -1;
  }

  private add(identity: string, parsed: Identity | null, path: string): void {
    const e = this.entries++;
    if (e === this.devices.length) {
      this.devices = grown(this.devices, e * 2);
      this.sameInode = grown(this.sameInode, e * 2);
      this.pathOf = grown(this.pathOf, e * 2);
    }
    this.pathOf[e] = this.paths.push(path);
    if (!parsed) {
      this.devices[e] = Number.NaN;
      this.sameInode[e] = -1;
      this.byIdentity.set(identity, e);
      return;
    }
    this.devices[e] = parsed.device;
    this.sameInode[e] = this.byInode.get(parsed.inode) ?? -1;
    this.byInode.set(parsed.inode, e);
  }
}

interface Identity {
  device: number;
  inode: number;
}

/** "device:inode" as the walker writes it (tree-walker.ts), or null for any other text. */
function parseIdentity(identity: string): Identity | null {
  const colon = identity.indexOf(':');
  if (colon <= 0) return null;
  const device = Number(identity.slice(0, colon));
  const inode = Number(identity.slice(colon + 1));
  if (!Number.isFinite(device) || !Number.isFinite(inode) || colon === identity.length - 1) return null;
  // Only an identity that prints back the same is keyed by its numbers (so "01:2" stays distinct from "1:2").
  return `${device}:${inode}` === identity ? { device, inode } : null;
}
