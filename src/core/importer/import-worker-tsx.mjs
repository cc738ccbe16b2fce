// Runs the TypeScript worker entry from source (CLI, tests): registers tsx in
// this thread first, since loader hooks do not carry over into a worker.
// Electron uses the bundled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
