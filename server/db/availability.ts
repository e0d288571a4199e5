/**
 * Errors that mean "the database is away or overloaded", not "this request is wrong": the request
 * is answered 503 with Retry-After, and the pool reconnects by itself when the database is back.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

// PostgreSQL SQLSTATEs: class 08 (connection exception), 53 (insufficient resources), 57P (operator
// intervention: shutdown, crash, cannot connect now), and 57014 (statement timeout or cancel).
const UNAVAILABLE_STATES = /^(08|53|57P)/;
const CANCELLED = '57014';

const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection terminated due to connection timeout',
  'Query read timeout',
];

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || code === CANCELLED || UNAVAILABLE_STATES.test(code)) return true;
  }
  if (err instanceof AggregateError && err.errors.some(isDatabaseUnavailable)) return true;
  if (PG_MESSAGES.some((m) => err.message.startsWith(m))) return true;
  return err.cause !== undefined && err.cause !== err && isDatabaseUnavailable(err.cause);
}

/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;
