/**
 * Database outages (issue 16 item 1): telling a lost or refused connection from any other error,
 * and knowing when the database is back. A Postgres restart ends every connection (in-use ones
 * too); the pool then opens new ones on demand, so "back" is simply the first query that works.
 *
 * DbHealth is told of every failed query (db/connect.ts wraps the pool); on the first outage error
 * it marks the database down and probes it every PROBE_MS until a `select 1` answers.
 */
export const OUTAGE_MESSAGE = "database unavailable, retry";
/** Seconds a client should wait before retrying, sent as Retry-After. */
export const RETRY_AFTER_SECONDS = 2;
const PROBE_MS = 250;

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
// SQLSTATE: class 08 (connection exception); 57P01-03 admin/crash shutdown, cannot connect now.
const OUTAGE_SQLSTATE = /^(08...|57P0[123])$/;
const OUTAGE_TEXT =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|Client was closed and is not queryable/i;

/** True when err (or an error it wraps) says the connection to the database is gone or refused. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || OUTAGE_SQLSTATE.test(code))) return true;
    if (typeof message === "string" && OUTAGE_TEXT.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

export interface HealthEvents {
  down(err: unknown): void;
  up(downMs: number): void;
}

export class DbHealth {
  #down = false;
  #since = 0;
  #outages = 0;
  #timer: NodeJS.Timeout | undefined;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly events: Partial<HealthEvents> = {},
  ) {}

  get isDown(): boolean {
    return this.#down;
  }

  /** How many outages began since start: a request compares it before and after. */
  get outages(): number {
    return this.#outages;
  }

  /** Called with every failed query; anything but an outage error is ignored. */
  report(err: unknown): void {
    if (this.#down || !isDatabaseUnavailable(err)) return;
    this.#down = true;
    this.#since = Date.now();
    this.#outages++;
    this.events.down?.(err);
    this.#schedule();
  }

  /** Resolves once the database answers again (at once when it is up). */
  whenUp(): Promise<void> {
    return this.#down ? new Promise((r) => this.#waiters.push(r)) : Promise.resolve();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  #schedule() {
    this.#timer = setTimeout(() => {
      this.probe().then(
        () => {
          this.#down = false;
          this.events.up?.(Date.now() - this.#since);
          for (const w of this.#waiters.splice(0)) w();
        },
        () => this.#schedule(),
      );
    }, PROBE_MS);
    this.#timer.unref();
  }
}

/**
 * Runs fn again, from the start, after each outage (the database rolled the failed attempt back,
 * so an all-or-nothing import or a claim loop is safe to repeat). Other errors propagate.
 */
export async function retryOnOutage<T>(fn: () => Promise<T>, options: { health?: DbHealth; attempts?: number; onRetry?: (attempt: number, err: unknown) => void } = {}): Promise<T> {
  const attempts = options.attempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || attempt >= attempts) throw err;
      options.onRetry?.(attempt, err);
      if (options.health) await options.health.whenUp();
      else await new Promise((r) => setTimeout(r, RETRY_AFTER_SECONDS * 1000));
    }
  }
}
