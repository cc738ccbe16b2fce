import { useEffect, useRef, useState } from 'react';
import { droppedPaths } from '../lib/dropped-paths';

/** How long a message about a drop stays up. */
const MESSAGE_MS = 5000;

/** The desktop preload adds this; the browser host has no way to learn a dropped file's path. */
type PathForFile = (file: File) => string;
function hostPathForFile(): PathForFile | undefined {
  const api = (window as unknown as { api?: { pathForFile?: PathForFile } }).api;
  return typeof api?.pathForFile === 'function' ? api.pathForFile : undefined;
}

/**
 * Drop a folder anywhere on the window to open it: an overlay while something is dragged over,
 * then each dropped folder is added as a source. Where no path can be known (a browser), it says
 * how to open the folder instead.
 */
export function FolderDrop({ onFolder }: { onFolder: (path: string) => void }) {
  const [dragging, setDragging] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const depth = useRef(0);
  const open = useRef(onFolder);
  open.current = onFolder;

  useEffect(() => {
    const carriesFiles = (e: DragEvent): boolean =>
      [...(e.dataTransfer?.types ?? [])].some(
        (t) => t === 'Files' || t === 'text/uri-list' || t === 'text/plain',
      );
    const onEnter = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      depth.current++;
      setDragging(true);
    };
    const onLeave = (): void => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onOver = (e: DragEvent): void => {
      if (carriesFiles(e)) e.preventDefault(); // allows the drop
    };
    const onDrop = (e: DragEvent): void => {
      if (!e.dataTransfer || !carriesFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const paths = droppedPaths(
        {
          files: [...e.dataTransfer.files],
          uriList: e.dataTransfer.getData('text/uri-list'),
          text: e.dataTransfer.getData('text/plain'),
        },
        hostPathForFile(),
      );
      if (paths.length === 0) {
        setMessage(
          'This page cannot see where a dropped folder is. Drop it in the desktop app, drag its path as text, or use “+ Folder” and type the path.',
        );
        return;
      }
      setMessage(paths.length === 1 ? `Opening ${paths[0]}` : `Opening ${paths.length} folders`);
      for (const p of paths) open.current(p);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  useEffect(() => {
    if (message === null) return;
    const t = setTimeout(() => setMessage(null), MESSAGE_MS);
    return () => clearTimeout(t);
  }, [message]);

  return (
    <>
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-overlay-card">Drop a folder of Burr logs to open it</div>
        </div>
      ) : null}
      {message ? (
        <div className="drop-message" role="status" data-testid="drop-message">
          {message}
        </div>
      ) : null}
    </>
  );
}
