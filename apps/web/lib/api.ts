/**
 * The browser's client for the Crosswind REST API (same origin, under `/api/v1`, relative
 * URLs only). Server components never use it: they read in-process through server-caller.ts.
 * Types come from the shared schema; responses are read tolerantly where the envelope may vary.
 */
import type { ScenarioInput, SimulationResult } from '@crosswind/schema';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly path?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface PresetSummary {
  id: string;
  name: string;
  question: string;
  description?: string;
}

export interface SavedScenario {
  id: string;
  name: string;
  scenario: ScenarioInput;
  createdAt?: string;
  parentId?: string | null;
  contentHash?: string;
  schemaVersion?: number;
  engineVersion?: string;
}

export interface RunOptions {
  runs?: number;
  seed?: number | string;
  signal?: AbortSignal;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

async function request<T>(path: string, rest: RequestInit = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    ...rest,
    headers: {
      accept: 'application/json',
      ...(rest.body ? { 'content-type': 'application/json' } : {}),
      ...rest.headers,
    },
    cache: 'no-store',
  });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = isObj(body) ? (isObj(body.error) ? body.error : body) : {};
    const issues = Array.isArray(err.issues) ? (err.issues as Obj[]) : [];
    const first = issues[0];
    // Prefer the first field issue: its message does not repeat the path.
    const firstMessage = first && typeof first.message === 'string' ? first.message : undefined;
    const message =
      firstMessage ??
      (typeof err.message === 'string' && err.message
        ? err.message
        : res.status === 404
          ? 'Not found'
          : `The server answered ${res.status}`);
    const rawPath =
      first && typeof first.path === 'string'
        ? first.path
        : typeof err.path === 'string'
          ? err.path
          : undefined;
    // Paths inside an inline scenario come back as `scenario.<path>`.
    const path = rawPath?.replace(/^scenario\./, '');
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      message,
      typeof err.code === 'string' ? err.code : undefined,
      path,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return body as T;
}

function unwrapList(body: unknown, keys: string[]): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObj(body)) for (const k of keys) if (Array.isArray(body[k])) return body[k] as unknown[];
  return [];
}

function readPreset(p: unknown): PresetSummary | null {
  if (!isObj(p) || typeof p.id !== 'string') return null;
  const scenario = isObj(p.scenario) ? p.scenario : undefined;
  const name =
    typeof p.name === 'string' ? p.name : typeof scenario?.name === 'string' ? scenario.name : p.id;
  const description =
    typeof p.description === 'string'
      ? p.description
      : typeof scenario?.description === 'string'
        ? scenario.description
        : undefined;
  const question =
    typeof p.question === 'string'
      ? p.question
      : typeof p.keyQuestion === 'string'
        ? p.keyQuestion
        : (description ?? '');
  return { id: p.id, name, question, ...(description !== undefined ? { description } : {}) };
}

export async function listPresets(): Promise<PresetSummary[]> {
  const body = await request<unknown>('/presets');
  const list = unwrapList(body, ['presets', 'items'])
    .map(readPreset)
    .filter((p): p is PresetSummary => p !== null);
  // June 2026 first: it is the canonical scenario.
  return list.sort((a, b) => Number(b.id === 'june-2026') - Number(a.id === 'june-2026'));
}

export async function getPresetScenario(id: string): Promise<ScenarioInput> {
  const body = await request<unknown>(`/presets/${encodeURIComponent(id)}`);
  if (isObj(body) && isObj(body.scenario)) return body.scenario as unknown as ScenarioInput;
  return body as ScenarioInput;
}

function readSaved(body: unknown): SavedScenario {
  const b = isObj(body) && isObj(body.record) ? body.record : body;
  if (!isObj(b)) throw new ApiError(500, 'Unexpected answer from the server');
  let scenario = (isObj(b.scenario) ? b.scenario : b) as unknown as ScenarioInput;
  if (!isObj(b.scenario) && typeof b.scenarioJson === 'string')
    scenario = JSON.parse(b.scenarioJson) as ScenarioInput;
  const str = (k: string): string | undefined => {
    const v = b[k];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    id: str('id') ?? '',
    name: str('name') ?? scenario.name,
    scenario,
    ...(str('createdAt') ? { createdAt: str('createdAt') as string } : {}),
    parentId: str('parentId') ?? null,
    ...(str('contentHash') ? { contentHash: str('contentHash') as string } : {}),
    ...(typeof b.schemaVersion === 'number' ? { schemaVersion: b.schemaVersion } : {}),
    ...(str('engineVersion') ? { engineVersion: str('engineVersion') as string } : {}),
  };
}

/** Returns null for an unknown id. */
export async function getScenario(id: string): Promise<SavedScenario | null> {
  try {
    return readSaved(await request<unknown>(`/scenarios/${encodeURIComponent(id)}`));
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}

/** Stores an immutable version; with `parentId` it is recorded as a fork of that scenario. */
export async function saveScenario(
  scenario: ScenarioInput,
  parentId?: string,
): Promise<{ id: string; url: string }> {
  const body = parentId
    ? await request<unknown>(`/scenarios/${encodeURIComponent(parentId)}/fork`, {
        method: 'POST',
        body: JSON.stringify({ scenario }),
      })
    : await request<unknown>('/scenarios', { method: 'POST', body: JSON.stringify({ scenario }) });
  if (!isObj(body) || typeof body.id !== 'string')
    throw new ApiError(500, 'Unexpected answer from the server');
  return { id: body.id, url: typeof body.url === 'string' ? body.url : `/s/${body.id}` };
}

function readResult(body: unknown): SimulationResult {
  if (isObj(body) && isObj(body.result)) return body.result as unknown as SimulationResult;
  return body as SimulationResult;
}

export async function runSimulation(
  input: { scenario: ScenarioInput } | { scenarioId: string },
  opts: RunOptions = {},
): Promise<SimulationResult> {
  const payload = {
    ...input,
    ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  };
  return readResult(
    await request<unknown>('/simulations', {
      method: 'POST',
      body: JSON.stringify(payload),
      ...(opts.signal ? { signal: opts.signal } : {}),
    }),
  );
}

export interface JobState {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  eventsUrl: string;
  statusUrl: string;
  error?: { code: string; message: string; path?: string };
  result?: SimulationResult;
}

/** Starts a background simulation; follow it with `followJob`. */
export async function startSimulationJob(
  input: { scenario: ScenarioInput } | { scenarioId: string },
  opts: RunOptions = {},
): Promise<JobState> {
  return request<JobState>('/simulations/jobs', {
    method: 'POST',
    body: JSON.stringify(input),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

export async function getSimulationJob(jobId: string, signal?: AbortSignal): Promise<JobState> {
  return request<JobState>(
    `/simulations/jobs/${encodeURIComponent(jobId)}`,
    signal ? { signal } : {},
  );
}

/**
 * Follows a job's server-sent events (progress, then result or error). If the stream breaks,
 * falls back to polling the job's status.
 */
export function followJob(
  job: JobState,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<SimulationResult> {
  return new Promise((resolve, reject) => {
    if (job.status === 'done' && job.result) return resolve(job.result);
    if (job.status === 'failed')
      return reject(
        new ApiError(
          400,
          job.error?.message ?? 'the simulation failed',
          job.error?.code,
          job.error?.path,
        ),
      );
    let settled = false;
    const es = new EventSource(job.eventsUrl);
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      es.close();
      fn();
    };
    signal.addEventListener('abort', () =>
      finish(() => reject(new DOMException('aborted', 'AbortError'))),
    );
    es.addEventListener('progress', (e) => {
      const d = JSON.parse((e as MessageEvent<string>).data) as { done: number; total: number };
      onProgress(d.done, d.total);
    });
    es.addEventListener('result', (e) => {
      const result = JSON.parse((e as MessageEvent<string>).data) as SimulationResult;
      finish(() => resolve(result));
    });
    es.addEventListener('error', (e) => {
      const data = (e as MessageEvent<string>).data;
      if (typeof data === 'string' && data) {
        const err = JSON.parse(data) as { code?: string; message?: string; path?: string };
        finish(() =>
          reject(new ApiError(400, err.message ?? 'the simulation failed', err.code, err.path)),
        );
        return;
      }
      // The stream broke (proxy, network): poll the status instead.
      finish(() => {
        const poll = async (): Promise<void> => {
          while (!signal.aborted) {
            const s = await getSimulationJob(job.jobId, signal);
            onProgress(s.done, s.total);
            if (s.status === 'done' && s.result) return resolve(s.result);
            if (s.status === 'failed')
              return reject(
                new ApiError(
                  400,
                  s.error?.message ?? 'the simulation failed',
                  s.error?.code,
                  s.error?.path,
                ),
              );
            await new Promise((r) => setTimeout(r, 500));
          }
        };
        poll().catch(reject);
      });
    });
  });
}
