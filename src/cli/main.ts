import { parseArgs } from 'node:util';
import { defaultDatabasePath } from '../core/default-database-path';
import { isS3Url } from '../core/s3/s3-source-config';
import { openStore } from '../core/store/open-store';
import { CliError, EXIT } from './exit-codes';
import { extractCompare } from './selectors';

// Each command's code is loaded when it runs (`--help` loads none of it; the AWS SDK only for s3:// paths).

const USAGE = `Usage:
  stream-lens import [<path>|s3://BUCKET[/PREFIX]...] [--db FILE] [--json] [--watch]
                     [--endpoint URL] [--region R] [--profile P]
  stream-lens report [<path>...] [--db FILE] [--format md|csv|json|html] [--out FILE]
                     [--group-by project|app|partition|action] [--project P] [--app GLOB] [--action A]
                     [--partition KEY] [--compare SEL SEL...] [--fail-if EXPR]
                     [--slo "METRIC<=N,..."] [--regressions]
  stream-lens serve  [<path>...] [--db FILE] [--port N]

Paths are folders of Burr tracker logs (~/.burr, a project or app folder, or an S3 download),
or S3 buckets written by S3TrackingClient (credentials from the standard AWS chain).
They are imported (incrementally) into the database first: --db, default the app's own
(${defaultDatabasePath()}; STREAM_LENS_DB overrides it).
Exit codes: 0 ok, 1 usage error, 2 input cannot be read, 3 report --fail-if condition held.`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  watch: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  'group-by': { type: 'string' },
  project: { type: 'string' },
  app: { type: 'string' },
  action: { type: 'string' },
  partition: { type: 'string' },
  'fail-if': { type: 'string', multiple: true },
  slo: { type: 'string' },
  regressions: { type: 'boolean' },
  port: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  let parsed: ReturnType<typeof parse>;
  const { args, selectors } = extractCompare(rest);
  try {
    parsed = parse(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const databasePath = values.db ?? defaultDatabasePath();
  try {
    switch (command) {
      case 'import': {
        if (positionals.length === 0)
          throw new CliError('import needs at least one path to a folder of Burr logs.', EXIT.usage);
        const { humanSummary, importForCommand, jsonSummary, refreshAppSnapshot, watchImport } = await import(
          './import-command'
        );
        const db = openStore(databasePath);
        try {
          const urls = positionals.filter(isS3Url);
          const folders = positionals.filter((p) => !isS3Url(p));
          const folderSummary = await importForCommand(db, databasePath, folders, !values.json);
          const s3Summaries =
            urls.length === 0
              ? []
              : await (await import('./import-s3')).importS3Urls(
                  db,
                  databasePath,
                  urls,
                  values,
                  !values.json,
                );
          const summaries = [...s3Summaries, ...(folderSummary ? [folderSummary] : [])];
          for (const summary of summaries) {
            process.stdout.write(`${values.json ? jsonSummary(summary) : humanSummary(summary)}\n`);
          }
          if (values.watch) await watchImport(db, folders, values.json === true);
          // Last, so with --watch once the watch ends (each import meanwhile would leave it behind again).
          await refreshAppSnapshot(
            db,
            databasePath,
            values.json ? null : (line) => process.stderr.write(`${line}\n`),
          );
          return EXIT.ok;
        } finally {
          db.close();
        }
      }
      case 'report':
        return await (await import('./report-command')).runReport(
          databasePath,
          positionals,
          values,
          selectors,
        );
      case 'serve':
        return await (await import('./serve-command')).runServe(databasePath, positionals, values);
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`stream-lens: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`stream-lens: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.unreadableInput;
  }
}
