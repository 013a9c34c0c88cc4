import type { ResultKey, ScenarioRepository } from '../db/repository.js';

/**
 * Where finished results live: the database's result cache, fronted by a small in-memory
 * store bounded in bytes (one copy per result, whatever number of jobs or requests point at
 * it). A result that could not be written to the database (cache off, disk full) is still
 * served from memory while it is recent.
 */
export interface ResultStore {
  /** The result's JSON (UTF-8 bytes, off the JavaScript heap). */
  get(key: ResultKey): Promise<Buffer | undefined>;
  /** Keeps a computed result; a failed database write is reported, never thrown. */
  put(key: ResultKey, json: Buffer): Promise<void>;
}

export function resultId(key: ResultKey): string {
  return `${key.contentHash}|${JSON.stringify(key.seed)}|${key.runs}|${key.engineVersion}`;
}

/** Insertion-ordered map bounded by the total size of its buffers; least recently used out first. */
export class ByteLru {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(id: string): Buffer | undefined {
    const value = this.entries.get(id);
    if (value !== undefined) {
      this.entries.delete(id);
      this.entries.set(id, value);
    }
    return value;
  }

  set(id: string, value: Buffer): void {
    if (value.byteLength > this.maxBytes) return;
    const old = this.entries.get(id);
    if (old !== undefined) {
      this.bytes -= old.byteLength;
      this.entries.delete(id);
    }
    this.entries.set(id, value);
    this.bytes += value.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

export function createResultStore(opts: {
  repo: ScenarioRepository;
  /** whether results go to the database's cache */
  persist: boolean;
  memoryBytes: number;
  onWriteError: (error: unknown) => void;
  /** keep the cache within its limits now and then (called after writes) */
  prune?: () => Promise<void>;
}): ResultStore {
  const recent = new ByteLru(opts.memoryBytes);
  let writesSincePrune = 0;
  return {
    async get(key) {
      const id = resultId(key);
      const hit = recent.get(id);
      if (hit !== undefined) return hit;
      if (!opts.persist) return undefined;
      try {
        const text = await opts.repo.getResult(key);
        if (text === undefined) return undefined;
        const json = Buffer.from(text, 'utf8');
        recent.set(id, json);
        return json;
      } catch (e) {
        opts.onWriteError(e);
        return undefined;
      }
    },
    async put(key, json) {
      recent.set(resultId(key), json);
      if (!opts.persist) return;
      try {
        await opts.repo.putResult(key, json.toString('utf8'));
        if (opts.prune !== undefined && ++writesSincePrune >= 100) {
          writesSincePrune = 0;
          await opts.prune();
        }
      } catch (e) {
        opts.onWriteError(e);
      }
    },
  };
}
