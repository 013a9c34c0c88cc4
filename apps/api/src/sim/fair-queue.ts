/**
 * Simulation slots shared fairly between clients. At most `concurrency` simulations run at
 * once; when a slot frees, the next client in round-robin order that has one waiting gets it,
 * so a client with many queued requests cannot starve one with a single request. Each client
 * has its own caps (running and waiting), so no single client can fill the global queue.
 */

export interface FairQueueOptions {
  concurrency: number;
  /** waiting requests of all clients together */
  queueSize: number;
  /** simulations one client may run at once */
  perClientRunning: number;
  /** requests one client may have waiting */
  perClientQueued: number;
}

export type Refusal =
  | { reason: 'client'; running: number; waiting: number }
  | { reason: 'global'; running: number; waiting: number };

interface Waiter {
  client: string;
  grant: () => void;
}

interface ClientState {
  running: number;
  waiting: Waiter[];
}

export class FairQueue {
  private running = 0;
  private waitingTotal = 0;
  private readonly clients = new Map<string, ClientState>();
  /** clients with someone waiting, in the order they are served */
  private readonly rotation: string[] = [];

  constructor(private readonly opts: FairQueueOptions) {}

  /** Why a new request of `client` would be refused now, or undefined if it would be taken. */
  refusal(client: string): Refusal | undefined {
    const c = this.clients.get(client);
    const running = c?.running ?? 0;
    const waiting = c?.waiting.length ?? 0;
    if (running < this.opts.perClientRunning && this.running < this.opts.concurrency)
      return undefined;
    if (waiting >= this.opts.perClientQueued) return { reason: 'client', running, waiting };
    if (this.waitingTotal >= this.opts.queueSize)
      return { reason: 'global', running: this.running, waiting: this.waitingTotal };
    return undefined;
  }

  /**
   * Takes a slot for `client`: at once if one is free, else when its turn comes. The returned
   * `cancel` withdraws a request that is still waiting (and returns false if it already runs).
   * Call `refusal` first: `acquire` does not check the caps.
   */
  acquire(client: string): { granted: Promise<void>; cancel: () => boolean } {
    const c = this.state(client);
    if (c.running < this.opts.perClientRunning && this.running < this.opts.concurrency) {
      c.running++;
      this.running++;
      return { granted: Promise.resolve(), cancel: () => false };
    }
    let waiter!: Waiter;
    const granted = new Promise<void>((resolve) => {
      waiter = { client, grant: resolve };
    });
    c.waiting.push(waiter);
    this.waitingTotal++;
    if (!this.rotation.includes(client)) this.rotation.push(client);
    return {
      granted,
      cancel: () => {
        const i = c.waiting.indexOf(waiter);
        if (i < 0) return false;
        c.waiting.splice(i, 1);
        this.waitingTotal--;
        this.forget(client);
        return true;
      },
    };
  }

  /** Gives back a slot of `client` and hands it to the next client in turn. */
  release(client: string): void {
    const c = this.clients.get(client);
    if (c === undefined || c.running === 0) return;
    c.running--;
    this.running--;
    this.forget(client);
    this.dispatch();
  }

  /** Clients with requests waiting that will get a slot before `client`'s next one. */
  ahead(client: string): string[] {
    const i = this.rotation.indexOf(client);
    return (i < 0 ? this.rotation : this.rotation.slice(0, i)).filter((c) => c !== client);
  }

  stats(): { running: number; waiting: number; clients: number } {
    return { running: this.running, waiting: this.waitingTotal, clients: this.clients.size };
  }

  private dispatch(): void {
    for (let tries = this.rotation.length; tries > 0 && this.running < this.opts.concurrency;) {
      const client = this.rotation.shift();
      if (client === undefined) return;
      const c = this.clients.get(client);
      if (c === undefined || c.waiting.length === 0) {
        tries--;
        continue;
      }
      if (c.running >= this.opts.perClientRunning) {
        // Its turn, but it already runs its share: keep its place at the back.
        this.rotation.push(client);
        tries--;
        continue;
      }
      const next = c.waiting.shift();
      this.waitingTotal--;
      if (c.waiting.length > 0) this.rotation.push(client);
      if (next === undefined) continue;
      c.running++;
      this.running++;
      next.grant();
      tries = this.rotation.length;
    }
  }

  private state(client: string): ClientState {
    let c = this.clients.get(client);
    if (c === undefined) {
      c = { running: 0, waiting: [] };
      this.clients.set(client, c);
    }
    return c;
  }

  /** Drops the bookkeeping of a client with nothing running or waiting. */
  private forget(client: string): void {
    const c = this.clients.get(client);
    if (c !== undefined && c.running === 0 && c.waiting.length === 0) {
      this.clients.delete(client);
      const i = this.rotation.indexOf(client);
      if (i >= 0) this.rotation.splice(i, 1);
    }
  }
}
