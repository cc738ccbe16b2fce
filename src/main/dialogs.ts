import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserWindow, dialog, type MessageBoxOptions, type OpenDialogOptions, shell } from 'electron';
import { type AboutFacts, aboutDetail } from './about-text';

/** The desktop app's native dialogs, each attached to the main window when there is one. */

const usable = (parent: BrowserWindow | null): BrowserWindow | null =>
  parent && !parent.isDestroyed() ? parent : null;

function messageBox(parent: BrowserWindow | null, options: MessageBoxOptions) {
  const win = usable(parent);
  return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
}

export function showErrorDialog(parent: BrowserWindow | null, title: string, detail: string): void {
  void messageBox(parent, { type: 'error', title, message: title, detail, buttons: ['OK'] });
}

/** Asks for a folder of Burr logs, starting in ~/.burr when it exists; null when cancelled. */
export async function chooseLogFolder(parent: BrowserWindow | null): Promise<string | null> {
  const burrHome = path.join(os.homedir(), '.burr');
  const options: OpenDialogOptions = {
    title: 'Open Burr tracker logs',
    buttonLabel: 'Open',
    properties: ['openDirectory'],
    defaultPath: existsSync(burrHome) ? burrHome : os.homedir(),
  };
  const win = usable(parent);
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const folder = result.filePaths[0];
  return !result.canceled && folder ? folder : null;
}

/** Help → About: versions, the database and the log file, with a button that shows the log. */
export function showAboutDialog(parent: BrowserWindow | null, facts: AboutFacts): void {
  void messageBox(parent, {
    type: 'info',
    title: 'About Stream Lens',
    message: `Stream Lens ${facts.version}`,
    detail: aboutDetail(facts),
    buttons: ['OK', 'Show Log File'],
    defaultId: 0,
    cancelId: 0,
  }).then(({ response }) => {
    if (response === 1) shell.showItemInFolder(facts.logPath);
  });
}
