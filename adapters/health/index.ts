// GET /healthz (the process is up) and GET /readyz (it should get traffic: see src/health) for
// container orchestrators: as routes on Slack's HTTP receiver (PORT), or on a small server of their
// own (HEALTH_PORT) when nothing else listens.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotError } from '../../src/errors';
import { checkReadiness, type ReadinessCheck } from '../../src/health/readiness';
import type { Logger } from '../../src/logger';
import type { RunningAdapter } from '../types';

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';

/** The shape of Bolt's CustomRoute, without importing Bolt here. */
export interface HttpRoute {
  path: string;
  method: string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export interface HealthOptions {
  checks: readonly ReadinessCheck[];
  /** Per-check deadline (default CHECK_TIMEOUT_MS). */
  timeoutMs?: number;
}

export function healthRoutes(opts: HealthOptions): HttpRoute[] {
  return [
    // Liveness says only that the event loop answers: tying it to the index or the database would
    // get a replica that is loading, or waiting out a database outage, restarted for nothing.
    { path: HEALTH_PATH, method: ['GET', 'HEAD'], handler: (_req, res) => send(res, 200, { status: 'ok' }) },
    {
      path: READY_PATH,
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        void checkReadiness(opts.checks, opts.timeoutMs).then(
          (r) => send(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', checks: r.checks }),
          (err: unknown) => send(res, 500, { status: 'error', error: String(err) }),
        );
      },
    },
  ];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : JSON.stringify(body));
}

export interface RunningHealth extends RunningAdapter {
  port: number;
}

/** The endpoints on their own port (HEALTH_PORT), for Socket Mode, Discord-only and terminal runs. */
export async function startHealthServer(opts: HealthOptions & { port: number; host?: string; logger: Logger }): Promise<RunningHealth> {
  const routes = healthRoutes(opts);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) return send(res, 404, { error: `not found; try ${HEALTH_PATH} or ${READY_PATH}` });
    if (!route.method.includes(req.method ?? '')) {
      res.setHeader('allow', route.method.join(', '));
      return send(res, 405, { error: 'method not allowed' });
    }
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new BotError('CONFIG_INVALID', `Could not listen on HEALTH_PORT=${opts.port} (${err.code ?? err.message}). Pick a free port, or remove HEALTH_PORT.`, { cause: err })),
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  opts.logger.info('health endpoints listening', { port, paths: [HEALTH_PATH, READY_PATH] });
  return {
    name: 'health',
    port,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
