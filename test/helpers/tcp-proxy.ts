import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the test PostgreSQL, for outages without touching the
 * shared server: `down()` closes every connection and refuses new ones, `up()` lets them through.
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | undefined;
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  /** A proxy with a port of its own, not yet accepting (the database looks unreachable). */
  static async reserve(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    proxy.port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return proxy;
  }

  /** The same database URL, through the proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async up(): Promise<void> {
    if (this.#server) return;
    const server = net.createServer((client) => this.#pipe(client));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.#server = server;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #pipe(client: net.Socket) {
    const upstream = net.connect(this.#target.port, this.#target.host);
    for (const s of [client, upstream]) {
      this.#sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.#sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
