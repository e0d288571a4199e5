import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from './config.js';

/**
 * Node's HTTP server with limits for a service behind a load balancer: a slow client cannot hold
 * a connection for minutes, keep-alive outlasts the balancer's idle timeout (so it never reuses a
 * connection the app has just closed), and connections are capped.
 */
export function createHttpServer(limits: Config['http'], listener?: RequestListener): Server {
  // Node checks the request and header timeouts this often (30 s by default, too coarse to enforce a
  // 30 s limit).
  const options = { connectionsCheckingInterval: checkingInterval(limits) };
  const server = listener ? createServer(options, listener) : createServer(options);
  applyLimits(server, limits);
  return server;
}

export function checkingInterval(limits: Config['http']): number {
  return Math.max(100, Math.min(5000, Math.floor(limits.headersTimeoutMs / 4)));
}

export function applyLimits(server: Server, limits: Config['http']): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
}
