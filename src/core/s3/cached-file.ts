import { statSync } from 'node:fs';
import { classifyPath, type DiscoveredFile } from '../burr/layout';

/** A downloaded object in the local cache, as the importer sees it. */

/** Its size, or null when it is not (yet) there. */
export function sizeOnDisk(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** The importer's view of a cached file, built the way its own scan builds it. */
export function discover(file: string): DiscoveredFile | null {
  const classified = classifyPath(file);
  if (!classified) return null;
  try {
    const st = statSync(file);
    return { ...classified, size: st.size, mtimeMs: st.mtimeMs, identity: `${st.dev}:${st.ino}` };
  } catch {
    return null;
  }
}
