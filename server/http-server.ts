import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from './config.js';

/**
 * Node's HTTP server with limits for a service behind a load balancer: a slow client cannot hold
 * a connection for minutes, keep-alive outlasts the balancer's idle timeout (so it never reuses a
 * connection the app has just closed), and connections are capped.
 */
export function createHttpServer(limits: Config['http'], listener?: RequestListener): Server {
  const server = listener ? createServer(listener) : createServer();
  applyLimits(server, limits);
  return server;
}

export function applyLimits(server: Server, limits: Config['http']): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
}
