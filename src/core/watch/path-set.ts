import path from 'node:path';

/** True when `child` is `parent` or lies inside it (both absolute and resolved). */
export function isWithin(child: string, parent: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

/**
 * The smallest set covering `paths`: a path inside another one is dropped,
 * since importing the outer folder reads it too. Sorted, duplicates removed.
 */
export function topmostPaths(paths: Iterable<string>): string[] {
  const all = new Set(paths);
  const out: string[] = [];
  for (const p of all) {
    // Walk up the ancestors (a handful) rather than comparing with every other
    // path: a burst can hold thousands of app folders.
    let covered = false;
    for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
      if (all.has(dir)) {
        covered = true;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    if (!covered) out.push(p);
  }
  return out.sort();
}

/**
 * The open sources that `paths` belong to: every source containing one of the
 * paths, plus sources nested inside one (an opened project inside an opened
 * `~/.burr`), so the importer attaches each file to the innermost source.
 */
export function sourceLocationsFor(paths: readonly string[], sources: readonly string[]): string[] {
  return sources.filter((source) => paths.some((p) => isWithin(p, source) || isWithin(source, p)));
}
