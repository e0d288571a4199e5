import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { countHit, deleteEnded, findHits, forgetKey, uncountHit, type Window } from './repository.js';

export type DatabaseStoreOptions = {
  /** Milliseconds since the epoch; tests move it on. */
  now?: () => number;
  /** Told when the clean-up of ended windows fails (it is retried a window later). */
  onCleanUpError?: (err: unknown) => void;
};

/**
 * An express-rate-limit store in the database, so every instance of the app counts against the same
 * limits. Windows are fixed and aligned to the epoch, so instances agree on them without talking to
 * each other. Each instance deletes ended windows at most once a window, after a hit, without making
 * the request wait for it.
 *
 * Errors are thrown to express-rate-limit, which is configured to let the request through
 * (`passOnStoreError`) and log: a database that is away must never turn sign-in into a refusal.
 */
export class DatabaseRateLimitStore implements Store {
  /** Counts are shared: express-rate-limit uses this to know double counting is not local. */
  readonly localKeys = false;
  windowMs = 60_000;
  readonly #db: Kysely<Database>;
  readonly #now: () => number;
  readonly #onCleanUpError: (err: unknown) => void;
  #lastCleanUp = 0;

  constructor(db: Kysely<Database>, options: DatabaseStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#onCleanUpError = options.onCleanUpError ?? (() => {});
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /** The fixed window a moment falls in. */
  windowAt(now: number): Window {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    return { start: new Date(start), end: new Date(start + this.windowMs) };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.#now();
    const window = this.windowAt(now);
    const totalHits = await countHit(this.#db, key, window);
    this.#cleanUpNowAndThen(now);
    return { totalHits, resetTime: window.end };
  }

  async decrement(key: string): Promise<void> {
    await uncountHit(this.#db, key, this.windowAt(this.#now()));
  }

  async resetKey(key: string): Promise<void> {
    await forgetKey(this.#db, key);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const window = this.windowAt(this.#now());
    const totalHits = await findHits(this.#db, key, window);
    return totalHits === undefined ? undefined : { totalHits, resetTime: window.end };
  }

  /** Deletes ended windows now; answers how many rows went. */
  cleanUp(): Promise<number> {
    return deleteEnded(this.#db, new Date(this.#now()));
  }

  #cleanUpNowAndThen(now: number): void {
    if (now - this.#lastCleanUp < this.windowMs) return;
    this.#lastCleanUp = now;
    this.cleanUp().catch(this.#onCleanUpError);
  }
}
