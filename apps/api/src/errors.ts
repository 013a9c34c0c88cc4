import { TRPCError } from '@trpc/server';
import { formatIssues } from '@crosswind/schema';
import { z } from 'zod';
import {
  DatabaseCorruptError,
  DISK_FULL_RETRY_SECONDS,
  isDatabaseError,
  type DatabaseError,
} from './db/errors.js';

/**
 * Errors at the edge. Inside, failures are values ({ path, message }); here they become
 * `TRPCError`s whose cause carries the offending field paths, and every response body is
 * `{ code, message, path?, issues? }` (REST) or the tRPC envelope with the same fields in `data`.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

/** The cause of a 4xx that names fields. */
export class FieldError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'FieldError';
  }
}

/** The cause of a 429/503: the client should retry after `retryAfterSeconds`. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

type ErrorCode = TRPCError['code'];

export function fieldError(code: ErrorCode, issues: FieldIssue[], message?: string): TRPCError {
  const cause = new FieldError(boundIssues(issues));
  return new TRPCError({ code, message: message ?? summarizeIssues(issues), cause });
}

export function badRequest(path: string, message: string): TRPCError {
  return fieldError('BAD_REQUEST', [{ path, message }]);
}

export function notFound(what: string, path: string, id: string): TRPCError {
  const message = `no ${what} with id "${id.slice(0, 80)}"`;
  return fieldError('NOT_FOUND', [{ path, message }], message);
}

export function retryLater(
  code: 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE',
  message: string,
  seconds: number,
): TRPCError {
  return new TRPCError({ code, message, cause: new RetryLaterError(message, seconds) });
}

/**
 * A database fault as the client sees it: 503 + Retry-After with the fault's own message (they
 * are written for clients: "the database is unavailable; retry in 5 s", "the server's disk is
 * full; your scenario was not saved. Retry later"), never the driver's text.
 */
export function databaseFault(e: DatabaseError): TRPCError {
  const seconds = e instanceof DatabaseCorruptError ? DISK_FULL_RETRY_SECONDS : e.retryAfterSeconds;
  return retryLater('SERVICE_UNAVAILABLE', e.message, seconds);
}

/** Prefixes issue paths, e.g. `world.offers[0]` under `scenario`. */
export function prefixIssues(prefix: string, issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((i) => ({
    path:
      i.path === '(root)'
        ? prefix
        : i.path.startsWith('[')
          ? `${prefix}${i.path}`
          : `${prefix}.${i.path}`,
    message: i.message,
  }));
}

/** Issues returned at most; a hostile body can produce a million. */
export const MAX_ISSUES = 20;
const MAX_MESSAGE_CHARS = 300;
const MAX_PATH_CHARS = 200;

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** The first issues, with paths and messages cut to a readable length. */
export function boundIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.slice(0, MAX_ISSUES).map((i) => ({
    path: clip(i.path, MAX_PATH_CHARS),
    message: clip(i.message, MAX_MESSAGE_CHARS),
  }));
}

export function summarizeIssues(issues: readonly FieldIssue[]): string {
  const first = issues[0];
  if (!first) return 'Invalid request';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${clip(first.path, MAX_PATH_CHARS)}: ${clip(first.message, MAX_MESSAGE_CHARS)}${more}`;
}

export function isZodError(e: unknown): e is z.ZodError {
  return e instanceof z.ZodError || (e instanceof Error && e.name === 'ZodError' && 'issues' in e);
}

export interface ErrorDetail {
  message: string;
  path: string | undefined;
  issues: FieldIssue[] | undefined;
  retryAfterSeconds: number | undefined;
}

/** What a client may see of an error: never a stack or an internal message. */
export function describeError(error: TRPCError): ErrorDetail {
  const cause = error.cause;
  if (isZodError(cause)) {
    const issues = boundIssues(formatIssues(cause));
    return {
      message: summarizeIssues(issues),
      path: issues[0]?.path,
      issues,
      retryAfterSeconds: undefined,
    };
  }
  if (cause instanceof FieldError) {
    return {
      message: error.message,
      path: cause.issues[0]?.path,
      issues: cause.issues,
      retryAfterSeconds: undefined,
    };
  }
  if (isDatabaseError(cause)) return describeError(databaseFault(cause));
  if (cause instanceof RetryLaterError) {
    return {
      message: error.message,
      path: undefined,
      issues: undefined,
      retryAfterSeconds: cause.retryAfterSeconds,
    };
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    return {
      message: 'Internal server error',
      path: undefined,
      issues: undefined,
      retryAfterSeconds: undefined,
    };
  }
  if (error.code === 'PARSE_ERROR') {
    return {
      message: 'The request body or input is not valid JSON',
      path: undefined,
      issues: undefined,
      retryAfterSeconds: undefined,
    };
  }
  return {
    message: error.message,
    path: undefined,
    issues: undefined,
    retryAfterSeconds: undefined,
  };
}

/** The JSON body of every REST and plain-HTTP error. */
export interface ApiErrorBody {
  code: string;
  message: string;
  path?: string;
  issues?: FieldIssue[];
}

const httpStatusCodes: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  406: 'NOT_ACCEPTABLE',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function codeForStatus(status: number): string {
  return httpStatusCodes[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}
