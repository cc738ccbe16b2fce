import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the print window loads a report from: a private temporary file, never a
 * `data:` URL. Chromium caps URLs at 2 MB and a grouped report of thousands of
 * apps is several times that (a 6,000-app report is about 13 MB). The folder is
 * made by mkdtemp (unguessable, owner-only) and the file is owner read/write only,
 * since the report holds strings from the user's logs. No electron import here,
 * so the choice is tested under plain Node.
 */
export interface PrintableReport {
  /** Absolute path of the HTML file to load. */
  file: string;
  /** Removes the file and its folder; safe to call twice. */
  dispose(): Promise<void>;
}

export async function writePrintableReport(
  html: string,
  tempRoot: string = os.tmpdir(),
): Promise<PrintableReport> {
  const folder = await mkdtemp(path.join(tempRoot, 'stream-lens-pdf-'));
  const file = path.join(folder, 'report.html');
  try {
    await writeFile(file, html, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { file, dispose: () => rm(folder, { recursive: true, force: true }) };
}
