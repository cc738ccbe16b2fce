import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createService } from '../core/service';
import { CliError, EXIT } from './exit-codes';
import { startHttpHost } from './http-host';
import type { CliValues } from './main';
import { ensureRendererBuilt } from './renderer-build';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'out', 'renderer');

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

/** `serve`: the app in a browser on 127.0.0.1, for browser tests and remote machines (through an SSH tunnel). */
export async function runServe(databasePath: string, paths: string[], values: CliValues): Promise<number> {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`Bad --port "${values.port}": give 0-65535.`, EXIT.usage);
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0)
    throw new CliError(`Cannot read ${missing.join(', ')}: not found.`, EXIT.unreadableInput);
  ensureRendererBuilt(PROJECT_ROOT, RENDERER_DIR, (line) => process.stderr.write(`${line}\n`));
  const service = createService({ databasePath, host: 'serve', version: packageVersion() });
  service.on('import:done', ({ summary, error }) => {
    if (error) process.stderr.write(`Import failed: ${error}\n`);
    else if (summary)
      process.stderr.write(
        `Imported ${summary.files_read} files, ${summary.lines} lines (${summary.quarantined} quarantined).\n`,
      );
  });
  for (const p of paths) service.addFolder(p);
  const host = await startHttpHost(service, { rendererDir: RENDERER_DIR, port });
  process.stdout.write(`Stream Lens is serving ${databasePath}\nOpen: ${host.url}\n(Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await service.whenIdle().catch(() => undefined);
  service.close();
  return EXIT.ok;
}
