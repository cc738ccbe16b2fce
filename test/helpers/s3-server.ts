import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * A real S3-protocol server (s3rver, in a child process) on 127.0.0.1 for
 * tests and the bench, plus a fault-injecting proxy in front of it. s3rver
 * checks the access key (only S3RVER is known) but not SigV4 signatures, so a
 * wrong secret cannot be detected by it; a wrong key can.
 */

export const S3RVER_KEY = 'S3RVER';

export interface LocalS3 {
  endpoint: string;
  port: number;
  /** Stops the server process (a "server stopped" for the code under test). */
  close(): Promise<void>;
}

// Not __dirname: the bench loads this file as an ES module (tsx), the tests through Vitest.
const SERVER_SCRIPT = fileURLToPath(new URL('./s3rver-process.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/** Starts s3rver in a child process on 127.0.0.1 (a random port), storing its buckets in `directory`. */
export async function startS3rver(directory: string): Promise<LocalS3> {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', SERVER_SCRIPT, directory],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not start within ${START_TIMEOUT_MS} ms: ${err}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /\{"port":(\d+)\}/.exec(out);
      if (line) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code}) before listening: ${err}`));
    });
  });
  let closed = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      if (closed) return;
      closed = true;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** A client with explicit test credentials, for setting up buckets (the code under test uses the default chain). */
export function adminClient(endpoint: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    // s3rver does not understand aws-chunked uploads with trailing checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/**
 * Points the SDK's default credential chain at the test key and away from this
 * machine: no ~/.aws files, no instance metadata (which would leave 127.0.0.1).
 */
export function isolateAwsEnv(dir: string, keyId: string | null = S3RVER_KEY): () => void {
  const names = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_EC2_METADATA_DISABLED',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ROLE_ARN',
    'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  ] as const;
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  if (keyId !== null) {
    process.env.AWS_ACCESS_KEY_ID = keyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_KEY;
  }
  process.env.AWS_CONFIG_FILE = path.join(dir, 'no-aws-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'no-aws-credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return () => {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  };
}

export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 20) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, depth + 1);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(root, 0);
  return out.sort();
}

/** min/max over `sequence_id` and `action_sequence_id`, as Burr's S3 tracker computes its object metadata. */
export function sequenceRange(text: string): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const value = JSON.parse(line) as { sequence_id?: unknown; action_sequence_id?: unknown };
    const seq = typeof value.sequence_id === 'number' ? value.sequence_id : value.action_sequence_id;
    if (typeof seq !== 'number') continue;
    min = Math.min(min, seq);
    max = Math.max(max, seq);
  }
  return Number.isFinite(min) ? { min, max } : null;
}

export interface UploadedObject {
  key: string;
  size: number;
  metadata: Record<string, string>;
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/**
 * Uploads every file under `root` with its path relative to `root` as key
 * (`mapKey` may rename it) and Burr's S3 metadata on log objects.
 */
export async function uploadTree(
  client: S3Client,
  bucket: string,
  root: string,
  options: { mapKey?: (key: string) => string; trackerId?: string; concurrency?: number } = {},
): Promise<UploadedObject[]> {
  const trackerId = options.trackerId ?? `${new Date().toISOString()}-${randomUUID()}`;
  const files = listFiles(root);
  const uploaded: UploadedObject[] = [];
  const put = async (file: string): Promise<void> => {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const key = options.mapKey ? options.mapKey(rel) : rel;
    const body = readFileSync(file);
    const metadata: Record<string, string> = { tracker_id: trackerId };
    if (key.endsWith('__log.jsonl')) {
      const range = sequenceRange(body.toString('utf8'));
      if (range) {
        metadata.min_sequence_id = String(range.min);
        metadata.max_sequence_id = String(range.max);
      }
    }
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }));
    uploaded.push({ key, size: statSync(file).size, metadata });
  };
  const limit = Math.max(1, options.concurrency ?? 8);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, files.length) }, async () => {
      while (next < files.length) await put(files[next++] as string);
    }),
  );
  return uploaded.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export type Fault = 'pass' | 'slowdown' | 'reset' | 'cut-body' | 'stall' | 'denied';

export interface ProxiedRequest {
  method: string;
  url: string;
  range: string | null;
  fault: Fault;
}

export interface FaultProxy {
  endpoint: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

const xmlError = (code: string, message: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>test</RequestId></Error>`;

/**
 * An HTTP proxy on 127.0.0.1 in front of s3rver that answers each request
 * as `decide` says: forward it, throttle it (503 SlowDown), refuse it (403
 * AccessDenied), drop the connection, or cut or stall the body half-way.
 */
export async function startFaultProxy(
  targetPort: number | null,
  decide: (req: http.IncomingMessage, index: number) => Fault,
  options: { delayMs?: number } = {},
): Promise<FaultProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const fault = decide(req, requests.length);
    requests.push({ method: req.method ?? '', url: req.url ?? '', range: req.headers.range ?? null, fault });
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'slowdown' || fault === 'denied') {
      const [status, code, message] =
        fault === 'slowdown'
          ? [503, 'SlowDown', 'Please reduce your request rate.']
          : [403, 'AccessDenied', 'Access Denied'];
      req.resume();
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(req.method === 'HEAD' ? undefined : xmlError(code, message));
      return;
    }
    if (targetPort === null) {
      res.writeHead(500).end();
      return;
    }
    if (options.delayMs) req.pause();
    const forward = (): void => {
      const upstream = http.request(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          const length = Number(up.headers['content-length'] ?? 0);
          if ((fault === 'cut-body' || fault === 'stall') && req.method === 'GET' && length > 1) {
            let sent = 0;
            up.on('data', (chunk: Buffer) => {
              const room = Math.floor(length / 2) - sent;
              if (room > 0) {
                res.write(chunk.subarray(0, room));
                sent += Math.min(room, chunk.length);
              }
              if (sent >= Math.floor(length / 2)) {
                up.destroy();
                // 'cut-body' drops the connection a moment after the first half (so it reached the
                // client's file); 'stall' keeps it open and silent: the client's idle timeout must end it.
                const after = fault === 'cut-body' ? 150 : 30_000;
                timers.add(setTimeout(() => res.socket?.destroy(), after));
              }
            });
            return;
          }
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    // A round trip to a real region takes tens of milliseconds; the bench can add that here.
    if (options.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        forward();
      }, options.delayMs);
      timers.add(timer);
    } else forward();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A real S3 server on 127.0.0.1 holding `tree` in `bucket`, with the AWS
 * environment isolated to its test credentials; `stop` undoes everything.
 */
export async function startBucketWith(
  work: string,
  bucket: string,
  tree: string,
): Promise<{ s3: LocalS3; stop(): Promise<void> }> {
  const restoreEnv = isolateAwsEnv(work);
  const s3 = await startS3rver(path.join(work, 's3rver'));
  const admin = adminClient(s3.endpoint);
  await createBucket(admin, bucket);
  await uploadTree(admin, bucket, tree);
  return {
    s3,
    stop: async () => {
      admin.destroy();
      await s3.close();
      restoreEnv();
    },
  };
}
