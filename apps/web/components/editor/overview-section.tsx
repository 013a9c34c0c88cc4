'use client';

import { NumberField, TextField } from './fields';
import { Section } from './section';

export function OverviewSection() {
  return (
    <Section
      id="overview"
      title="Overview"
      intro="What this scenario is about and the period it covers."
    >
      <div className="form-grid overview-grid">
        <TextField path="name" label="Scenario name" />
        <TextField path="world.startMonth" label="Start month" hint="YYYY-MM" />
        <NumberField path="world.horizonMonths" label="Horizon" unit="months (1–120)" />
      </div>
      <div style={{ marginTop: 12 }}>
        <TextField
          path="description"
          label="Key question"
          optional
          multiline
          hint="The decision this scenario informs, in one or two sentences."
        />
      </div>
    </Section>
  );
}
