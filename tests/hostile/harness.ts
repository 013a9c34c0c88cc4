import net from 'node:net';
import { startTestServer, type TestServer } from '../../apps/api/src/testing/server.js';

/**
 * The harness of the hostile-input suite: a real API on 127.0.0.1 (in this process, so that
 * prototype pollution would be visible here), probes sent over real sockets, and a check of
 * every answer against the contract of issue 5.
 */

export type { TestServer };

/** The fuzz server: a rate limit the suite cannot reach, and a small work budget so that no accepted request runs for long. */
export function startHostileServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({
    CROSSWIND_RATE_LIMIT_PER_MINUTE: '1000000',
    CROSSWIND_SIM_THREADS: '1',
    CROSSWIND_MAX_WORK_UNITS: '2000000000',
    CROSSWIND_SIM_TIMEOUT_MS: '10000',
    CROSSWIND_SIM_QUEUE: '1000',
    ...env,
  });
}

export type Surface = 'rest' | 'trpc' | 'raw' | 'page';

export interface Probe {
  /** what the probe tries, for failure messages and the summary */
  category: string;
  surface: Surface;
  method: string;
  /** path and query, already encoded as it should go on the wire */
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /**
   * `reject`: the request is invalid by construction and must get a 4xx. `any`: a mutation
   * that may happen to be valid (a 2xx is then fine); the other invariants still hold.
   */
  expect: 'reject' | 'any';
  /** send over a raw socket, bytes exactly as given (request line, headers and body) */
  raw?: string;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** The largest error body a client needs: a message and the first issues with their paths. */
export const MAX_ERROR_BYTES = 64 * 1024;

/** Markers of internals that must never reach a client. */
const LEAKS: Array<[string, RegExp]> = [
  ['stack trace', /\n\s+at | {4}at [\w.<]/],
  ['file path', /\/work\/|node_modules|\/home\/|\/usr\/|\.ts:\d|\.js:\d|file:\/\//],
  [
    'driver error',
    /SQLITE_|better-sqlite3|sqlite3?_|\bpg:|syntax error at or near|duplicate key value|relation "|Kysely|KyselyError/i,
  ],
  [
    'internal error text',
    /TypeError|RangeError|ReferenceError|Cannot read propert|is not a function|Maximum call stack|undefined is not/,
  ],
];

export interface Violation {
  probe: Probe;
  answer: Answer;
  problem: string;
}

/** The error fields of a REST body `{ code, message }` or a tRPC envelope (single or batched). */
function errorShapes(body: unknown): Array<{ code: unknown; message: unknown }> {
  if (Array.isArray(body)) return body.flatMap((item) => errorShapes(item));
  if (body === null || typeof body !== 'object') return [{ code: undefined, message: undefined }];
  const b = body as Record<string, unknown>;
  if ('error' in b && b.error !== null && typeof b.error === 'object') {
    const e = b.error as { message?: unknown; data?: { code?: unknown } };
    return [{ code: e.data?.code, message: e.message }];
  }
  if ('result' in b) return []; // a successful item inside a batch
  return [{ code: b.code, message: b.message }];
}

/** Every broken rule of the contract for one answer (empty when the answer is fine). */
export function check(probe: Probe, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status === 0) problems.push('no answer (connection reset or closed)');
  if (answer.status >= 500) problems.push(`5xx answer ${answer.status}`);
  // tRPC answers a batch whose items fail with different statuses with 207 and an array of errors.
  const batchOfErrors =
    answer.status === 207 &&
    probe.surface === 'trpc' &&
    /^\[\{"error"/.test(answer.text) &&
    !answer.text.includes('"result"');
  if (probe.expect === 'reject' && !batchOfErrors && (answer.status < 400 || answer.status >= 500))
    problems.push(`expected a 4xx, got ${answer.status}`);
  for (const [what, re] of LEAKS) {
    const m = re.exec(answer.text);
    if (m)
      problems.push(
        `${what} in the body: ${JSON.stringify(answer.text.slice(Math.max(0, m.index - 60), m.index + 60))}`,
      );
  }
  // An error answer much larger than any error needs is an amplification vector.
  if ((answer.status >= 400 || batchOfErrors) && answer.text.length > MAX_ERROR_BYTES) {
    problems.push(
      `error answer of ${answer.text.length} bytes (more than ${MAX_ERROR_BYTES}): ${answer.text.slice(0, 160)}`,
    );
  }
  if (answer.status >= 400 || batchOfErrors) {
    if (!/application\/json/.test(answer.contentType))
      problems.push(
        `error answer is not JSON (content-type ${JSON.stringify(answer.contentType)})`,
      );
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      problems.push(
        `error body does not parse as JSON: ${JSON.stringify(answer.text.slice(0, 120))}`,
      );
      return problems;
    }
    const shapes = errorShapes(body);
    if (shapes.length === 0) problems.push('error status but no error in the body');
    for (const s of shapes) {
      if (typeof s.code !== 'string' || s.code === '')
        problems.push(`error without a string code: ${answer.text.slice(0, 160)}`);
      if (typeof s.message !== 'string' || s.message === '')
        problems.push(`error without a message: ${answer.text.slice(0, 160)}`);
    }
  }
  return problems;
}

async function sendRaw(origin: URL, raw: string): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(origin.port), origin.hostname);
    const chunks: Buffer[] = [];
    const finish = (): void => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const split = text.indexOf('\r\n\r\n');
      const head = split >= 0 ? text.slice(0, split) : text;
      let body = split >= 0 ? text.slice(split + 4) : '';
      if (/transfer-encoding: chunked/i.test(head)) body = dechunk(body);
      const ct = /content-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '';
      resolve({ status: m ? Number(m[1]) : 0, contentType: ct, text: body });
    };
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', finish);
    socket.on('error', () => undefined);
    socket.end(Buffer.from(raw, 'latin1'));
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) return out + rest;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 4 + size);
  }
}

export async function send(baseUrl: string, probe: Probe): Promise<Answer> {
  const origin = new URL(baseUrl);
  if (probe.raw !== undefined) return sendRaw(origin, probe.raw);
  try {
    const res = await fetch(`${baseUrl}${probe.path}`, {
      method: probe.method,
      redirect: 'manual',
      ...(probe.body !== undefined ? { body: probe.body } : {}),
      headers: {
        ...(probe.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...probe.headers,
      },
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  } catch {
    return { status: 0, contentType: '', text: '' };
  }
}

export interface Tally {
  sent: number;
  byStatus: Map<number, number>;
  bySurface: Map<Surface, Map<number, number>>;
  byCategory: Map<string, Map<number, number>>;
  violations: Violation[];
}

export function newTally(): Tally {
  return {
    sent: 0,
    byStatus: new Map(),
    bySurface: new Map(),
    byCategory: new Map(),
    violations: [],
  };
}

function bump<K>(m: Map<K, Map<number, number>>, k: K, status: number): void {
  const inner = m.get(k) ?? new Map<number, number>();
  inner.set(status, (inner.get(status) ?? 0) + 1);
  m.set(k, inner);
}

/** Sends the probes, `concurrency` at a time, recording every answer and every broken rule. */
export async function runProbes(
  baseUrl: string,
  probes: readonly Probe[],
  tally: Tally,
  concurrency = 6,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < probes.length) {
      const probe = probes[next++];
      if (probe === undefined) break;
      const answer = await send(baseUrl, probe);
      tally.sent++;
      tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
      bump(tally.bySurface, probe.surface, answer.status);
      bump(tally.byCategory, probe.category, answer.status);
      for (const problem of check(probe, answer)) tally.violations.push({ probe, answer, problem });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function statusCells(m: Map<number, number>, statuses: number[]): string[] {
  return statuses.map((s) => String(m.get(s) ?? 0));
}

/** The table the suite prints: requests sent, and answers by status per surface and per category. */
export function formatTally(tally: Tally): string {
  const statuses = [...tally.byStatus.keys()].sort((a, b) => a - b);
  const header = ['', 'sent', ...statuses.map(String)];
  const rows: string[][] = [];
  const total = (m: Map<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  rows.push(['all', String(tally.sent), ...statusCells(tally.byStatus, statuses)]);
  for (const [surface, m] of [...tally.bySurface].sort())
    rows.push([`surface: ${surface}`, String(total(m)), ...statusCells(m, statuses)]);
  for (const [cat, m] of [...tally.byCategory].sort())
    rows.push([cat, String(total(m)), ...statusCells(m, statuses)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatViolations(violations: readonly Violation[], max = 25): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of violations) {
    const key = `${v.probe.category}|${v.problem.slice(0, 60)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const body =
      typeof v.probe.body === 'string'
        ? v.probe.body.slice(0, 200)
        : v.probe.body === undefined
          ? ''
          : `<${v.probe.body.length} bytes>`;
    out.push(
      `- [${v.probe.category}] ${v.probe.method} ${v.probe.raw !== undefined ? JSON.stringify(v.probe.raw.slice(0, 120)) : v.probe.path.slice(0, 200)}` +
        `${body !== '' ? ` body ${JSON.stringify(body)}` : ''}\n    -> ${v.answer.status} ${v.answer.text.slice(0, 300)}\n    ${v.problem}`,
    );
    if (out.length >= max) break;
  }
  return `${violations.length} broken rules (${out.length} distinct shown):\n${out.join('\n')}`;
}
