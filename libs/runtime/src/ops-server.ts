import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Liveness: false only when the process cannot recover and should be restarted. */
  healthy: () => boolean;
  /** Readiness: true once the service does its work (consumer joined, clients connected). */
  ready: () => boolean;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics, /healthz and /readyz on their own small HTTP server, apart from any API the service
 * serves, so probes and scrapes work even while the service's own work is stuck.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: 'method_not_allowed' }));
    switch (req.url) {
      case '/metrics':
        options.registry.metrics().then(
          (text) => send(200, text, options.registry.contentType),
          (error: Error) => send(500, JSON.stringify({ error: 'metrics_failed', message: error.message })),
        );
        return;
      case '/healthz':
        return options.healthy() ? send(200, '{"status":"ok"}') : send(503, '{"status":"unhealthy"}');
      case '/readyz':
        return options.ready() ? send(200, '{"status":"ready"}') : send(503, '{"status":"not_ready"}');
      default:
        return send(404, JSON.stringify({ error: 'not_found' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
