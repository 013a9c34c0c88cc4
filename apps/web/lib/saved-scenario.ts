import 'server-only';
import type { RouterOutputs } from '@crosswind/api';
import { serverCaller } from './server-caller';

/** tRPC codes that mean "no such scenario": an unknown id, or one that cannot be an id at all. */
const ABSENT = new Set(['NOT_FOUND', 'BAD_REQUEST']);

function isAbsent(e: unknown): boolean {
  // Duck-typed: the API's TRPCError class and the one bundled into this app are not the same.
  return (
    e instanceof Error &&
    e.name === 'TRPCError' &&
    ABSENT.has(String((e as Error & { code?: unknown }).code))
  );
}

/**
 * A saved scenario for a server-rendered page, read in-process (see server-caller.ts); `null`
 * when there is none under `id`. Other failures (the database is down) are thrown to the
 * page's error boundary.
 */
export async function loadSavedScenario(
  id: string,
): Promise<RouterOutputs['scenario']['get'] | null> {
  try {
    return await serverCaller().scenario.get({ id });
  } catch (e) {
    if (isAbsent(e)) return null;
    throw e;
  }
}
