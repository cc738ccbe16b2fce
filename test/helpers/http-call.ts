import { request } from 'node:http';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request to a host on 127.0.0.1, as a browser or a hostile client would send it:
 * the Host header is `127.0.0.1:<port>` unless given; `chunks` are written one by one
 * (chunked transfer), so a body's size is only known while it is read.
 */
export function httpRequest(
  port: number,
  method: string,
  urlPath: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer; chunks?: readonly Buffer[] } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of opts.chunks ?? []) req.write(chunk);
    req.end(opts.body);
  });
}
