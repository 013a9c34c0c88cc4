import type { SimulationEvent } from '@crosswind/schema';

/**
 * Most events one sample run's timeline keeps. A timeline is for reading ("what happened in
 * this world"), and a scenario with 200 outages a month per offer over 120 months would
 * otherwise log millions of events per run: the result's size is bounded by construction, and
 * events past the cap are counted (`eventCount`) with `truncated: true`.
 */
export const MAX_TIMELINE_EVENTS = 500;

/**
 * The event log of one sample run: keeps the first `MAX_TIMELINE_EVENTS`, counts them all.
 * Callers ask `wants()` before building an event, so a full timeline costs a count, not an
 * object and its text (a sample run of a large scenario can log millions).
 * @example if (timeline?.wants()) timeline.push({ month: 3, kind: 'banStart', detail: 'ban' });
 */
export class Timeline {
  readonly events: SimulationEvent[] = [];
  count = 0;

  /** Whether the next event is kept; once the timeline is full, counts it and says no. */
  wants(): boolean {
    if (this.count < MAX_TIMELINE_EVENTS) return true;
    this.count++;
    return false;
  }

  push(event: SimulationEvent): void {
    if (this.count < MAX_TIMELINE_EVENTS) this.events.push(event);
    this.count++;
  }
}

/** A lane's timeline, or null for runs that keep none (all but the first `sampleRuns`). */
export type Events = Timeline | null;
