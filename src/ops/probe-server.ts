import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import type { Metrics } from './metrics.ts';

/**
 * The operators' listener on METRICS_PORT, in every role (the worker has no other port):
 * - `GET /livez`: 200 while the process runs (the liveness probe: no database, so a database outage
 *   does not get every pod restarted);
 * - `GET /readyz`: 200 when `ready()` holds (start-up done, not shutting down) and the database answers, else 503;
 * - `GET /metrics`: Prometheus text format; with METRICS_TOKEN set only for `Authorization: Bearer <token>`.
 * Plain node:http, not Fastify: nothing of the application's (sessions, access guard, rate limits)
 * belongs here, and this port is never behind the public load balancer.
 */
export interface ProbeServer {
  port: number;
  close(): Promise<void>;
}

export async function startProbeServer(opts: {
  port: number;
  host: string;
  metrics: Metrics;
  token?: string;
  db: AppContext['db'];
  ready: () => boolean;
}): Promise<ProbeServer> {
  const expected = opts.token ? digest(opts.token) : null;
  const server: Server = createServer((request, reply) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      reply.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      reply.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/livez') return send(200, 'application/json', '{"ok":true}\n');
    if (path === '/readyz') {
      const ready = opts.ready() ? sql`select 1`.execute(opts.db).then(() => true) : Promise.resolve(false);
      ready.then(
        (ready) => send(ready ? 200 : 503, 'application/json', JSON.stringify({ ready }) + '\n'),
        () => send(503, 'application/json', '{"ready":false}\n'),
      );
      return;
    }
    if (path === '/metrics') {
      if (expected) {
        const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        if (!given || !timingSafeEqual(digest(given), expected)) {
          reply.setHeader('www-authenticate', 'Bearer');
          return send(401, 'text/plain', 'unauthorized\n');
        }
      }
      opts.metrics.registry.metrics().then(
        (text) => send(200, opts.metrics.registry.contentType, text),
        (err: unknown) => send(500, 'text/plain', `metrics could not be collected: ${err instanceof Error ? err.message : String(err)}\n`),
      );
      return;
    }
    send(404, 'text/plain', 'not found\n');
  });
  // Scrapes and probes keep no connection open worth waiting for at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Equal-length values for timingSafeEqual, whatever length the caller sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
