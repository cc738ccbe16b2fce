/**
 * Run by test/integration/s3-sync.test.ts in a child process, which the test
 * kills with SIGKILL in the middle of a download: a sync of one bucket that
 * prints each finished download, so the parent knows when to strike.
 * Credentials come from the environment the parent passes.
 */
import { syncS3Source } from '../../src/core/s3/s3-sync';
import { openStore } from '../../src/core/store/open-store';

const [dbFile = '', cacheDir = '', bucket = '', endpoint = ''] = process.argv.slice(2);
const db = openStore(dbFile);
let reported = 0;
await syncS3Source(
  db,
  { bucket, endpoint, region: 'us-east-1' },
  {
    cacheDir,
    concurrency: 4,
    pageSize: 1000,
    retry: { attempts: 1 },
    onProgress: (p) => {
      if (p.downloaded > reported) {
        reported = p.downloaded;
        process.stdout.write(`downloaded ${reported}\n`);
      }
    },
  },
);
process.stdout.write('finished\n');
db.close();
