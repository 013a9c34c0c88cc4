import { ByteLru } from '../byte-lru.js';
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
  /** The result if it is in memory (no database read). */
  peek(key: ResultKey): Buffer | undefined;
  /** Keeps a computed result; a failed database write is reported, never thrown. */
  put(key: ResultKey, json: Buffer): Promise<void>;
}

export function resultId(key: ResultKey): string {
  return `${key.contentHash}|${JSON.stringify(key.seed)}|${key.runs}|${key.engineVersion}`;
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
  const recent = new ByteLru<Buffer>(opts.memoryBytes, (b) => b.byteLength);
  let writesSincePrune = 0;
  return {
    peek: (key) => recent.get(resultId(key)),
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
