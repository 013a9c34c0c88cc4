import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Context } from './context.js';
import { crosswindTransformer, formatIssues } from '@crosswind/schema';
import { isDatabaseError } from './db/errors.js';
import { databaseFault, describeError, fieldError, isZodError } from './errors.js';

/**
 * One tRPC instance for the whole API. `isDev: false` keeps stacks out of responses whatever
 * NODE_ENV says; the formatter replaces internal messages and adds field paths.
 */
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    isDev: false,
    // Results travel as stored text (see packages/schema/src/wire.ts); typed clients use the same.
    transformer: crosswindTransformer,
    // Subscriptions (`simulation.progress`) over server-sent events: a comment line every 15 s
    // keeps proxies and the socket's inactivity limit from closing a quiet stream, and a
    // client that hears nothing for 45 s reconnects.
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 45_000 },
    },
    errorFormatter({ shape, error }) {
      const detail = describeError(error);
      return {
        message: detail.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          procedure: shape.data.path,
          ...(detail.path !== undefined ? { path: detail.path } : {}),
          ...(detail.issues !== undefined ? { issues: detail.issues } : {}),
          ...(detail.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: detail.retryAfterSeconds }
            : {}),
        },
      };
    },
  });

/**
 * Turns input-validation failures into bounded field errors before any adapter sees them: the
 * REST adapter would otherwise echo zod's raw issues, and a 2 MB body can produce a million.
 */
const boundedInputErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'BAD_REQUEST' && isZodError(result.error.cause)) {
    throw fieldError('BAD_REQUEST', formatIssues(result.error.cause));
  }
  return result;
});

/**
 * Database faults (down, too slow, disk full, damaged) reach clients as 503 + Retry-After with a
 * message that says what happened, instead of a bare 500.
 */
const databaseFaults = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDatabaseError(result.error.cause)) throw databaseFault(result.error.cause);
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(boundedInputErrors).use(databaseFaults);
export const createCallerFactory = t.createCallerFactory;
