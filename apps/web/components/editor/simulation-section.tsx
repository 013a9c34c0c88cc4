'use client';

import { NumberField, TextField } from './fields';
import { Section } from './section';

export function SimulationSection() {
  return (
    <Section
      id="simulation"
      title="Simulation"
      intro="How many worlds to simulate. The same seed gives the same numbers."
    >
      <div className="form-grid">
        <NumberField
          path="simulation.runs"
          label="Runs"
          unit="simulated worlds (more: tighter estimates, slower)"
        />
        <TextField path="simulation.seed" label="Seed" hint="any whole number or word" numeric />
        <NumberField
          path="simulation.sampleRuns"
          label="Sample worlds kept"
          unit="for the event timeline (0–20)"
        />
      </div>
    </Section>
  );
}
