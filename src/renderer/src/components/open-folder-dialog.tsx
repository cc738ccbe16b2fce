import { useState } from 'react';
import { Modal } from './modal';

interface OpenFolderDialogProps {
  onClose: () => void;
  onSubmit: (path: string) => void;
}

/**
 * The browser host cannot show a native folder picker that yields a server path, so the user types
 * the path on the machine that runs `serve`.
 */
export function OpenFolderDialog({ onClose, onSubmit }: OpenFolderDialogProps) {
  const [path, setPath] = useState('');
  const submit = (): void => {
    const p = path.trim();
    if (p) onSubmit(p);
  };
  return (
    <Modal
      title="Open a folder of Burr tracker logs"
      onClose={onClose}
      testId="open-folder-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            onClick={submit}
            disabled={!path.trim()}
            data-testid="open-folder-submit"
          >
            Open and import
          </button>
        </>
      }
    >
      <div className="form-row">
        <label htmlFor="folder-path">Folder path on the machine running Stream Lens</label>
        <input
          id="folder-path"
          className="input mono"
          placeholder="/home/me/.burr"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') submit();
          }}
          data-testid="open-folder-path"
          spellCheck={false}
          autoComplete="off"
        />
        <span className="hint">
          A local tracker root (<code>~/.burr</code>), one project or app folder, or a downloaded S3 tree (
          <code>aws s3 sync s3://bucket/data ./dir</code>). Only new bytes are read on later imports.
        </span>
      </div>
    </Modal>
  );
}
