import type { SimulationEvent } from '@crosswind/schema';

/**
 * Most events one sample run's timeline keeps. A timeline is for reading ("what happened in
 * this world"), and a scenario with 200 outages a month per offer over 120 months would
 * otherwise log millions of events per run: the result's size is bounded by construction, and
 * events past the cap are counted (`eventCount`) with `truncated: true`.
 */
export const MAX_TIMELINE_EVENTS = 500;

/** The event log of one sample run: keeps the first `MAX_TIMELINE_EVENTS`, counts them all. */
export class Timeline {
  readonly events: SimulationEvent[] = [];
  count = 0;

  push(event: SimulationEvent): void {
    if (this.count < MAX_TIMELINE_EVENTS) this.events.push(event);
    this.count++;
  }
}

/** A lane's timeline, or null for runs that keep none (all but the first `sampleRuns`). */
export type Events = Timeline | null;
