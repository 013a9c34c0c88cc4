import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ByteLru } from '../byte-lru.js';

/**
 * `GET /api/v1/scenarios/{id}` as an immutable resource. A saved scenario never changes, so its
 * answer is cacheable for good: a strong ETag, `Cache-Control: public, max-age=31536000,
 * immutable`, 304 for a matching If-None-Match, and the serialized bodies kept in a small LRU
 * (bounded in bytes) so that opening a popular link again touches neither the database nor the
 * serializer.
 *
 * The first answer for an id is produced as before, by the REST adapter running the
 * `scenario.get` procedure (input and output validation, error shapes): these hooks only keep
 * what it sent and serve it again, so there is one serializer. Errors (an unknown id is a 404)
 * are never kept.
 *
 * The ETag is a digest of the bytes sent, not the scenario's content hash: the answer also
 * carries the record's id, name and dates, and it is the scenario upgraded to this server's
 * schema version, so only the bytes say exactly when two answers are the same.
 */

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The path of one saved scenario (ids are 22 URL-safe characters); no query string. */
const SCENARIO_PATH = /^\/api\/v1\/scenarios\/([A-Za-z0-9_-]{22})$/;

export interface Entry {
  body: Buffer;
  etag: string;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match (a list, `*`, weak tags compared weakly as RFC 9110 says) against `etag`. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Sets the headers and the status; the body to send, or undefined for a 304. */
function answer(
  reply: FastifyReply,
  ifNoneMatch: string | undefined,
  entry: Entry,
): Buffer | undefined {
  reply.header('etag', entry.etag).header('cache-control', IMMUTABLE);
  if (matches(ifNoneMatch, entry.etag)) {
    reply.code(304).removeHeader('content-type');
    return undefined;
  }
  reply.type('application/json');
  return entry.body;
}

/** Registers the hooks on the scope that holds the REST adapter's routes. */
export function registerSavedScenarioCache(
  rest: FastifyInstance,
  maxBytes: number,
): ByteLru<Entry> {
  const cache = new ByteLru<Entry>(maxBytes, (e) => e.body.length);
  // The adapter rewrites the request's URL, so the id is noted on the way in.
  const pending = new WeakMap<IncomingMessage, string>();

  rest.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return undefined;
    const id = SCENARIO_PATH.exec(request.url)?.[1];
    if (id === undefined) return undefined;
    const hit = cache.get(id);
    if (hit === undefined) {
      pending.set(request.raw, id);
      return undefined;
    }
    const body = answer(reply, request.headers['if-none-match'], hit);
    return body === undefined ? reply.send() : reply.send(body);
  });

  rest.addHook('onSend', async (request, reply, payload) => {
    const id = pending.get(request.raw);
    if (id === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    pending.delete(request.raw);
    const body = Buffer.from(payload);
    const entry = { body, etag: etagOf(body) };
    cache.set(id, entry);
    return answer(reply, request.headers['if-none-match'], entry) ?? null;
  });

  return cache;
}
