import 'server-only';
import type { Metadata } from 'next';
import { cache } from 'react';
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

/** `loadSavedScenario` read once per request, shared by a page and its metadata. */
export const loadSavedScenarioOnce = cache(loadSavedScenario);

/**
 * The metadata of a page about one saved scenario: its title (`titleOf` its name), kept out of
 * search engines and sent with no referrer, since the link is its only access control.
 */
export async function savedScenarioMetadata(
  id: string,
  titleOf: (name: string) => string,
): Promise<Metadata> {
  const saved = await loadSavedScenarioOnce(id).catch(() => null);
  return {
    title: saved ? titleOf(saved.name) : 'Scenario not found',
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}
