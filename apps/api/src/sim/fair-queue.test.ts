import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue.js';

describe('FairQueue', () => {
  const opts = { concurrency: 1, queueSize: 100, perClientRunning: 1, perClientQueued: 10 };

  it('serves waiting clients in turn, not in arrival order', async () => {
    const q = new FairQueue(opts);
    const order: string[] = [];
    const take = (client: string, label: string) => {
      const slot = q.acquire(client);
      void slot.granted.then(() => order.push(label));
    };
    take('a', 'a1'); // runs at once
    take('a', 'a2');
    take('a', 'a3');
    take('a', 'a4');
    take('b', 'b1');
    take('c', 'c1');
    await Promise.resolve();
    // Each finishes in turn (the one running gives its slot back).
    for (const client of ['a', 'a', 'b', 'c', 'a', 'a']) {
      q.release(client);
      await Promise.resolve();
    }
    // b1 and c1 are not stuck behind a's backlog: after a2 (a's turn) come b, c, then a again.
    expect(order).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'a4']);
  });

  it('refuses a client over its own caps while others are still taken', () => {
    const q = new FairQueue({ ...opts, perClientQueued: 2 });
    q.acquire('a');
    q.acquire('a');
    q.acquire('a');
    expect(q.refusal('a')).toEqual({ reason: 'client', running: 1, waiting: 2 });
    expect(q.refusal('b')).toBeUndefined();
  });

  it('refuses everyone only when the shared queue is full', () => {
    const q = new FairQueue({ ...opts, queueSize: 2, perClientQueued: 1 });
    q.acquire('a');
    q.acquire('b');
    q.acquire('c');
    expect(q.refusal('d')).toEqual({ reason: 'global', running: 1, waiting: 2 });
  });

  it('withdraws a waiting request and forgets idle clients', () => {
    const q = new FairQueue(opts);
    q.acquire('a');
    const waiting = q.acquire('b');
    expect(q.stats()).toEqual({ running: 1, waiting: 1, clients: 2 });
    expect(waiting.cancel()).toBe(true);
    q.release('a');
    expect(q.stats()).toEqual({ running: 0, waiting: 0, clients: 0 });
  });
});
