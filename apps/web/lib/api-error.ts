import { TRPCClientError } from '@trpc/client';

/** A failed API call as the UI shows it. */
export interface ApiFailure {
  message: string;
  /** the tRPC error code, e.g. NOT_FOUND; undefined when the server was not reached */
  code: string | undefined;
  /** the field of the request at fault, as the API names it (`scenario.world.offers[0].id`) */
  path: string | undefined;
  retryAfterSeconds: number | undefined;
}

interface ErrorData {
  code?: unknown;
  path?: unknown;
  issues?: unknown;
  retryAfterSeconds?: unknown;
}

/**
 * What went wrong in an API call. Field errors give their first issue's own message (the
 * summary repeats the path, which the UI shows as a field instead); a busy server says when to
 * retry; a call that never reached the server says so.
 */
export function describeApiError(e: unknown): ApiFailure {
  if (!(e instanceof TRPCClientError)) {
    return {
      message: e instanceof Error ? e.message : 'Something went wrong',
      code: undefined,
      path: undefined,
      retryAfterSeconds: undefined,
    };
  }
  const data = (e as TRPCClientError<never>).data as ErrorData | undefined | null;
  if (data === undefined || data === null) {
    return {
      message: 'Could not reach the server. Check that it is running and try again.',
      code: undefined,
      path: undefined,
      retryAfterSeconds: undefined,
    };
  }
  const code = typeof data.code === 'string' ? data.code : undefined;
  const retryAfterSeconds =
    typeof data.retryAfterSeconds === 'number' ? data.retryAfterSeconds : undefined;
  const first: unknown = Array.isArray(data.issues) ? data.issues[0] : undefined;
  const issue =
    first !== null && typeof first === 'object'
      ? (first as { path?: unknown; message?: unknown })
      : undefined;
  const path =
    typeof issue?.path === 'string'
      ? issue.path
      : typeof data.path === 'string'
        ? data.path
        : undefined;
  let message = typeof issue?.message === 'string' ? issue.message : e.message;
  if (code === 'TOO_MANY_REQUESTS' || (code === 'SERVICE_UNAVAILABLE' && path === undefined)) {
    message = `${message.replace(/\.?$/, '.')} Try again${retryAfterSeconds ? ` in ${retryAfterSeconds} s` : ' shortly'}.`;
  }
  return { message, code, path, retryAfterSeconds };
}

/**
 * The editor's path of a field the API named. The API names the fields of its request, so a
 * scenario's fields sit under `scenario` (`scenario.world.offers[0].id`), while the editor's
 * paths start inside the scenario (`world.offers[0].id`). Undefined for anything that is not a
 * field of the scenario (`runs`, `scenarioId`, the scenario as a whole).
 * @example scenarioFieldPath('scenario.strategies[1].routes[0]') // 'strategies[1].routes[0]'
 */
export function scenarioFieldPath(apiPath: string | undefined): string | undefined {
  const m = apiPath === undefined ? null : /^scenario\.(.+)$/.exec(apiPath);
  return m?.[1];
}
