/**
 * s3rver in its own process, started by test/helpers/s3-server.ts and the
 * bench. It must run under `--openssl-legacy-provider`: s3rver 3.7 seals its
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers
 * there, so any listing longer than one page would fail with a 500. Prints
 * `{"port":N}` once listening; closes on SIGTERM.
 */
import S3rver from 's3rver';

const [directory = ''] = process.argv.slice(2);
if (!directory) throw new Error('usage: s3rver-process.ts <directory>');
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => {
  server.httpServer?.closeAllConnections();
  void server.close().finally(() => process.exit(0));
});
