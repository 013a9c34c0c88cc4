import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Per-client rate limiting of `/api`, counted in calls rather than HTTP requests: a tRPC batch
 * `/api/trpc/a,b,c?batch=1` runs three procedures and costs three. (@fastify/rate-limit counts
 * one per request and has no notion of a per-request cost, hence this small limiter instead of
 * it; there is only this one.)
 *
 * Each client has a bucket of `perMinute` calls that refills continuously at `perMinute` a
 * minute (a token bucket). Unlike fixed one-minute windows, which let a client spend twice its
 * allowance in two seconds around a window boundary, this never admits more than `perMinute`
 * calls at once, and it makes Retry-After exact: the seconds until the bucket holds enough calls
 * for the refused request. A refused request costs nothing.
 */

export interface RateLimiterOptions {
  /** calls a client may make per minute (also the largest burst) */
  perMinute: number;
  /** milliseconds, injectable for tests */
  now?: () => number;
}

export type Admission =
  | { ok: true; remaining: number }
  | { ok: false; retryAfterSeconds: number; remaining: number }
  | { ok: false; retryAfterSeconds: undefined; remaining: number };

interface Bucket {
  tokens: number;
  at: number;
}

const MINUTE_MS = 60_000;
/** Client count at which full buckets (clients idle for a minute) are dropped. */
const SWEEP_FLOOR = 10_000;

export class RateLimiter {
  readonly perMinute: number;
  private readonly now: () => number;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = SWEEP_FLOOR;

  constructor(opts: RateLimiterOptions) {
    this.perMinute = opts.perMinute;
    this.now = opts.now ?? Date.now;
    this.perMs = opts.perMinute / MINUTE_MS;
  }

  /**
   * Takes `cost` calls from `client`'s allowance if it has them. A cost above `perMinute` can
   * never be admitted (`retryAfterSeconds` undefined).
   */
  take(client: string, cost = 1): Admission {
    const now = this.now();
    const bucket = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.sweepAt) this.sweep(now);
    if (cost > this.perMinute)
      return { ok: false, retryAfterSeconds: undefined, remaining: Math.floor(bucket.tokens) };
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / this.perMs / 1000)),
      remaining: Math.floor(bucket.tokens),
    };
  }

  /** Clients currently tracked (a full bucket is as good as none and may be dropped). */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops the buckets that have refilled: memory stays proportional to recently active clients. */
  private sweep(now: number): void {
    for (const [client, b] of this.buckets)
      if (b.tokens + (now - b.at) * this.perMs >= this.perMinute) this.buckets.delete(client);
    this.sweepAt = Math.max(SWEEP_FLOOR, 2 * this.buckets.size);
  }
}

/**
 * The calls one request makes: the procedures of a tRPC batch (`batch=1`, names separated by
 * commas in the path, as tRPC splits them), at most `maxBatchSize` since tRPC refuses larger
 * batches without running any; 1 for everything else.
 */
export function callsOf(request: FastifyRequest, maxBatchSize: number): number {
  const query = request.query as Record<string, unknown> | undefined;
  if (query?.batch !== '1') return 1;
  const params = request.params as Record<string, unknown> | undefined;
  const procedures = params?.path;
  if (typeof procedures !== 'string' || !request.url.startsWith('/api/trpc/')) return 1;
  return Math.max(1, Math.min(maxBatchSize, procedures.split(',').length));
}

function refuse(
  reply: FastifyReply,
  status: number,
  body: { code: string; message: string },
): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Rate-limits every route of `scope` (registered inside it, so only `/api`), keyed by
 * `request.ip`: the socket's address, or with `TRUST_PROXY=true` the client address the proxy
 * put in X-Forwarded-For.
 */
export function registerRateLimit(
  scope: FastifyInstance,
  opts: { perMinute: number; maxBatchSize: number },
): RateLimiter {
  const limiter = new RateLimiter({ perMinute: opts.perMinute });
  scope.addHook('onRequest', async (request, reply) => {
    // A CORS preflight is the browser asking permission for the call that follows (which
    // counts); it runs nothing and browsers cache it, so it is not a call of its own.
    if (request.method === 'OPTIONS') return undefined;
    const calls = callsOf(request, opts.maxBatchSize);
    const admission = limiter.take(request.ip, calls);
    reply.header('x-ratelimit-limit', limiter.perMinute);
    reply.header('x-ratelimit-remaining', admission.remaining);
    if (admission.ok) return undefined;
    if (admission.retryAfterSeconds === undefined) {
      return refuse(reply, 400, {
        code: 'BAD_REQUEST',
        message: `This batch has ${calls} calls but a client may make at most ${limiter.perMinute} a minute: send at most ${limiter.perMinute} calls per batch`,
      });
    }
    reply.header('retry-after', admission.retryAfterSeconds);
    const what = calls === 1 ? 'this request' : `this batch of ${calls} calls`;
    return refuse(reply, 429, {
      code: 'TOO_MANY_REQUESTS',
      message: `Rate limit exceeded: at most ${limiter.perMinute} calls a minute per client (a tRPC batch counts each call); ${what} can be sent in ${admission.retryAfterSeconds} s`,
    });
  });
  return limiter;
}
