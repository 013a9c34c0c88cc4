import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Context } from './context.js';
import { describeError } from './errors.js';

/**
 * One tRPC instance for the whole API. `isDev: false` keeps stacks out of responses whatever
 * NODE_ENV says; the formatter replaces internal messages and adds field paths.
 */
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    isDev: false,
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

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
