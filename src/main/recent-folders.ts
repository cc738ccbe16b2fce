import path from 'node:path';

/** The File ▸ Open Recent list: most recent first, no duplicates, bounded. */

export const MAX_RECENT_FOLDERS = 10;

export function addRecentFolder(list: readonly string[], folder: string, max = MAX_RECENT_FOLDERS): string[] {
  const resolved = path.resolve(folder);
  return [resolved, ...list.filter((f) => f !== resolved)].slice(0, max);
}

export function removeRecentFolder(list: readonly string[], folder: string): string[] {
  const resolved = path.resolve(folder);
  return list.filter((f) => f !== resolved);
}

/** A menu label: the home directory shown as ~, and `&` doubled so Windows/Linux do not read it as a mnemonic. */
export function recentFolderLabel(folder: string, home: string): string {
  const shown =
    home && (folder === home || folder.startsWith(`${home}${path.sep}`))
      ? `~${folder.slice(home.length)}`
      : folder;
  return shown.replaceAll('&', '&&');
}
