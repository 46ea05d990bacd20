// A TCP proxy in front of the test Postgres server that a test can cut and restore, to play a
// database outage (server gone, connections reset) without stopping the shared server.
import net from 'node:net';

export interface CuttableProxy {
  port: number;
  /** The database URL given, pointed at the proxy instead (user, password and database kept). */
  url: string;
  /** Refuses new connections and resets open ones. */
  cut(): Promise<void>;
  /** Resets open connections; new ones are accepted and never answered (a server that hangs). */
  hang(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(databaseUrl: string): Promise<CuttableProxy> {
  const target = new URL(databaseUrl);
  const [targetHost, targetPort] = [target.hostname, Number(target.port)];
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  let hanging = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        if (hanging) {
          sockets.add(client);
          client.on('error', () => client.destroy());
          return;
        }
        const upstream = net.connect(targetPort, targetHost);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => (client.destroy(), upstream.destroy(), sockets.delete(client), sockets.delete(upstream));
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const via = new URL(databaseUrl);
  via.port = String(port);
  return {
    get port() { return port; },
    url: via.toString(),
    cut: stop,
    hang: () => ((hanging = true), dropAll()),
    restore: async () => {
      hanging = false;
      if (!server) await listen();
    },
    close: stop,
  };
}
