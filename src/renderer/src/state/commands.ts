import { createContext, useContext } from 'react';

/** Window-level actions, shared by the keyboard, the Electron menu, buttons and empty states. */
export interface Commands {
  openFolder: () => void;
  /** Opens the "Add S3 bucket" dialog. */
  addS3: () => void;
  /** Syncs one S3 source now (import:start with its id). */
  syncSource: (sourceId: number) => void;
  reimport: () => void;
  openExport: () => void;
  focusSearch: () => void;
  /** Starts a comparison from the current filter, or shows the one already set up. */
  compare: () => void;
}

export const CommandsContext = createContext<Commands | null>(null);

export function useCommands(): Commands {
  const ctx = useContext(CommandsContext);
  if (ctx === null) throw new Error('useCommands outside CommandsContext');
  return ctx;
}
