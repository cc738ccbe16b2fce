import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps idle sockets from starving the `serve` host (issue: 20k idle TCP
 * connections exhausted its file handles). Three layers:
 * - a socket that sends nothing is closed after `idleMs` (Node's socket timeout);
 * - headers and whole requests have deadlines, keep-alive is short;
 * - past `maxConnections`, each new connection closes the oldest socket that is
 *   not serving a request, so a real client always gets in.
 * Long-lived event streams call `keepOpen` to be exempt from all three.
 */
export interface ConnectionLimits {
  idleMs: number;
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { idleMs: 30_000, maxConnections: 256 };

export interface ConnectionGuard {
  /** The socket carries a long-lived stream: never time it out or evict it. */
  keepOpen(socket: Socket): void;
  /** How many sockets are open now (for tests and diagnostics). */
  openCount(): number;
}

export function guardConnections(server: Server, limits: ConnectionLimits): ConnectionGuard {
  server.headersTimeout = Math.min(limits.idleMs, 20_000);
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = Math.min(limits.idleMs, 5_000);
  server.setTimeout(limits.idleMs); // no 'timeout' listener: Node destroys the idle socket

  // Insertion order = age: the first idle entry is the oldest idle socket.
  const sockets = new Map<Socket, { busy: number; pinned: boolean }>();
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limits.maxConnections) evictOldestIdle();
    sockets.set(socket, { busy: 0, pinned: false });
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket);
    if (!state) return;
    state.busy += 1;
    res.once('close', () => {
      state.busy -= 1;
    });
  });

  function evictOldestIdle(): void {
    for (const [socket, state] of sockets) {
      if (state.busy === 0 && !state.pinned) {
        sockets.delete(socket);
        socket.destroy();
        return;
      }
    }
  }

  return {
    keepOpen(socket) {
      const state = sockets.get(socket);
      if (state) state.pinned = true;
      socket.setTimeout(0);
    },
    openCount: () => sockets.size,
  };
}
