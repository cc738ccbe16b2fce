/**
 * The folder paths in a drop. In the desktop app a dropped file or folder has a path (the preload
 * reads it with webUtils.getPathForFile); a browser page never learns one, but a path dragged as
 * text (a terminal, a file manager's `file://` URI list) still says where the folder is.
 */
export interface DropData {
  files: readonly File[];
  uriList: string;
  text: string;
}

export function droppedPaths(drop: DropData, pathForFile?: (file: File) => string): string[] {
  if (pathForFile) {
    const paths = drop.files.map((f) => pathForFile(f)).filter((p) => p !== '');
    if (paths.length > 0) return paths;
  }
  const lines = `${drop.uriList}\n${drop.text}`
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const paths: string[] = [];
  for (const line of lines) {
    const p = pathOf(line);
    if (p !== null && !paths.includes(p)) paths.push(p);
  }
  return paths;
}

/** `file:///a/b` or an absolute path (`/a/b`, `C:\a\b`) as a path; anything else null. */
function pathOf(line: string): string | null {
  if (line.startsWith('file://')) {
    try {
      const url = new URL(line);
      const decoded = decodeURIComponent(url.pathname);
      // file:///C:/x → C:/x on Windows
      return /^\/[A-Za-z]:\//.test(decoded) ? decoded.slice(1) : decoded;
    } catch {
      return null;
    }
  }
  if (line.startsWith('/') || /^[A-Za-z]:[\\/]/.test(line)) return line;
  return null;
}
