/** What Help → About says: enough to identify this build and find its files in a bug report. */
export interface AboutFacts {
  version: string;
  electron: string;
  chrome: string;
  node: string;
  databasePath: string;
  logPath: string;
}

export function aboutDetail(facts: AboutFacts): string {
  return [
    'Streaming-timing analysis for Apache Burr tracker logs.',
    '',
    `Electron ${facts.electron} · Chromium ${facts.chrome} · Node ${facts.node}`,
    `Database: ${facts.databasePath}`,
    `Log file: ${facts.logPath}`,
    '',
    'Attach the log file to a bug report: it holds start-ups, imports and errors, no log contents.',
  ].join('\n');
}
