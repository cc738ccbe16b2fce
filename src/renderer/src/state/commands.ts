import { createContext, useContext } from 'react';

/** Window-level actions, shared by the keyboard, the Electron menu, buttons and empty states. */
export interface Commands {
  openFolder: () => void;
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
