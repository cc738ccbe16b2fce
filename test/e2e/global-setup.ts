import { startServeOnFixtures } from './serve-fixtures';

/** One `serve` for the whole browser suite; its token URL reaches the specs as STREAM_LENS_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServeOnFixtures();
  process.env.STREAM_LENS_URL = server.url;
  process.env.STREAM_LENS_DB_PATH = server.databasePath;
  return () => server.stop();
}
