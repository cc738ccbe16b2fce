import type { ImportSummary } from '../core/importer/import-types';
import { parseS3Url, S3ConfigError } from '../core/s3/s3-source-config';
import type { StoreDatabase } from '../core/store/open-store';
import { CliImports } from './cli-imports';
import { CliError, EXIT } from './exit-codes';
import type { CliValues } from './main';

/**
 * `stream-lens import s3://BUCKET[/PREFIX]`: adds the bucket as a source (as the app's "Add S3
 * bucket" does) and syncs new objects into a local cache beside the database, then imports them.
 * Credentials come from the standard AWS chain (environment, profiles, SSO); none are stored.
 */
export async function importS3Urls(
  db: StoreDatabase,
  databasePath: string,
  urls: readonly string[],
  values: CliValues,
  showProgress: boolean,
): Promise<ImportSummary[]> {
  // The SDK warns on every run under Node 20; the CLI's users cannot act on it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const imports = new CliImports(db, databasePath, showProgress);
  const summaries: ImportSummary[] = [];
  for (const url of urls) {
    let config: ReturnType<typeof parseS3Url>;
    try {
      config = parseS3Url(url, {
        ...(values.region ? { region: values.region } : {}),
        ...(values.endpoint ? { endpoint: values.endpoint, forcePathStyle: true } : {}),
        ...(values.profile ? { profile: values.profile } : {}),
      });
    } catch (error) {
      if (error instanceof S3ConfigError) throw new CliError(error.message, EXIT.usage);
      throw error;
    }
    summaries.push(await imports.bucket(config));
  }
  return summaries;
}
