import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../testing/fixtures.js';
import {
  canRunPrivatePostgres,
  startPrivatePostgres,
  type PrivatePostgres,
} from '../testing/private-postgres.js';
import { request, startTestServer, type TestServer } from '../testing/server.js';

/**
 * PostgreSQL stopped, frozen (SIGSTOP) and restarted under a server that keeps saving (issue 10,
 * point 6): the process stays up, every failed save is a prompt 503 with Retry-After (never a
 * 500 or a hang), saves work again without a restart, and no acknowledged save is lost. Runs its
 * own PostgreSQL so that the faults do not hit other tests.
 */

const inCi = process.env.CI === 'true';
const available = canRunPrivatePostgres();
const CONNECT_MS = 1000;
const STATEMENT_MS = 1500;
/** slack over the configured timeout for a 503 to count as prompt */
const SLACK_MS = 1500;

describe('PostgreSQL faults: environment', () => {
  it('has PostgreSQL binaries and root when CI=true', () => {
    if (inCi)
      expect(available, 'install postgresql (scripts/postgres.sh) and run as root').toBe(true);
  });
});

interface Answer {
  status: number;
  startedAt: number;
  endedAt: number;
  id: string | undefined;
  retryAfter: string | null;
  message: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(available)('the API while PostgreSQL stops, freezes and comes back', () => {
  let db: PrivatePostgres;
  let server: TestServer;
  const answers: Answer[] = [];
  let saving = true;
  let loop: Promise<void>;

  beforeAll(async () => {
    db = await startPrivatePostgres();
    server = await startTestServer({
      DATABASE_URL: db.url,
      CROSSWIND_DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
      CROSSWIND_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      CROSSWIND_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const scenario = smallScenario();
    loop = (async () => {
      for (let i = 0; saving; i++) {
        const startedAt = Date.now();
        try {
          const r = await request(`${server.url}/api/v1/scenarios`, {
            json: { scenario, name: `fault ${i}` },
            signal: AbortSignal.timeout(20_000),
          });
          const body = r.body as { id?: string; message?: string } | undefined;
          answers.push({
            status: r.status,
            startedAt,
            endedAt: Date.now(),
            id: r.status === 200 ? body?.id : undefined,
            retryAfter: r.headers.get('retry-after'),
            message: body?.message ?? r.text.slice(0, 200),
          });
        } catch (e) {
          answers.push({
            status: 0,
            startedAt,
            endedAt: Date.now(),
            id: undefined,
            retryAfter: null,
            message: e instanceof Error ? e.message : String(e),
          });
        }
        await sleep(20);
      }
    })();
  });

  afterAll(async () => {
    saving = false;
    await loop;
    await server?.close();
    db?.destroy();
  });

  /** Waits until a save started after `since` is acknowledged; returns when that happened. */
  async function recovered(since: number, deadlineMs = 20_000): Promise<number> {
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      const ok = answers.find((a) => a.startedAt >= since && a.status === 200);
      if (ok !== undefined) return ok.endedAt;
      await sleep(50);
    }
    throw new Error(`no save succeeded within ${deadlineMs} ms of the fault ending`);
  }

  function failuresDuring(from: number, to: number): Answer[] {
    return answers.filter((a) => a.startedAt >= from && a.endedAt <= to && a.status !== 200);
  }

  function expectPrompt503s(failed: Answer[], limitMs: number, what: string): void {
    expect(failed.length, `no save failed while PostgreSQL was ${what}`).toBeGreaterThan(0);
    for (const a of failed) {
      expect(a.status, JSON.stringify(a)).toBe(503);
      expect(Number(a.retryAfter), JSON.stringify(a)).toBeGreaterThan(0);
      expect(a.message).toMatch(/the database is unavailable; retry in \d+ s/);
      expect(a.endedAt - a.startedAt, JSON.stringify(a)).toBeLessThan(limitMs);
    }
    const slowest = Math.max(...failed.map((a) => a.endedAt - a.startedAt));
    console.info(
      `PostgreSQL ${what}: ${failed.length} saves answered 503 + Retry-After ${failed[0]?.retryAfter} s, slowest in ${slowest} ms`,
    );
  }

  it('stopped: saves answer 503 + Retry-After within the connect timeout; they work again once it is back', async () => {
    await recovered(0);
    await sleep(1000); // some saves acknowledged before the fault
    const stoppedAt = Date.now();
    db.stop();
    await sleep(3000);
    const startedAt = Date.now();
    db.start();
    const back = await recovered(Date.now());
    expectPrompt503s(failuresDuring(stoppedAt, startedAt), CONNECT_MS + SLACK_MS, 'stopped');
    console.info(`PostgreSQL restarted: saves succeed again ${back - startedAt} ms later`);
    const health = await request(`${server.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('frozen (SIGSTOP): saves answer 503 within the statement timeout; they work again after SIGCONT', async () => {
    await recovered(Date.now());
    await sleep(1000);
    const frozenAt = Date.now();
    db.freeze();
    try {
      await sleep(4500);
      const ready = await request(`${server.url}/api/ready`, {
        signal: AbortSignal.timeout(10_000),
      });
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).not.toBeNull();
    } finally {
      db.thaw();
    }
    const thawedAt = Date.now();
    const back = await recovered(thawedAt);
    await sleep(1000); // and some after it
    expectPrompt503s(
      failuresDuring(frozenAt, thawedAt),
      Math.max(CONNECT_MS, STATEMENT_MS) + SLACK_MS,
      'frozen',
    );
    console.info(`PostgreSQL thawed: saves succeed again ${back - thawedAt} ms later`);
  });

  it('never answered anything but 200 or a 503, and every acknowledged save is stored', async () => {
    saving = false;
    await loop;
    const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 503);
    expect(unexpected, JSON.stringify(unexpected.slice(0, 5))).toEqual([]);
    const ids = answers.flatMap((a) => (a.id === undefined ? [] : [a.id]));
    expect(ids.length).toBeGreaterThan(10);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const found = await client.query<{ n: string }>(
        'select count(*) as n from scenarios where id = any($1)',
        [ids],
      );
      expect(Number(found.rows[0]?.n)).toBe(ids.length);
    } finally {
      await client.end();
    }
    console.info(
      `PostgreSQL faults: ${ids.length} acknowledged saves, all stored; ${answers.length - ids.length} refused with 503`,
    );
  });
});
