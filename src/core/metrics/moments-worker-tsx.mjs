// Runs the TypeScript moments worker from source (CLI, tests): registers tsx in
// this thread first, since loader hooks do not carry over into a worker.
import { register } from 'tsx/esm/api';

register();
await import('./moments-worker.ts');
