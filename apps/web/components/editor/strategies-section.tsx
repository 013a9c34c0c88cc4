'use client';

import { useEditor } from './fields';
import { Section } from './section';
import { StrategyCard } from './strategy-card';
import { addStrategy } from '@/lib/editor-ops';

export function StrategiesSection() {
  const { doc, apply } = useEditor();
  return (
    <Section
      id="strategies"
      title="Strategies"
      intro="How your organisation buys: which offers serve which work, what it falls back to, and the budget. Every strategy faces the same simulated worlds."
      actions={
        <button
          type="button"
          className="btn btn-small"
          disabled={doc.strategies.length >= 12}
          title={doc.strategies.length >= 12 ? 'At most 12 strategies' : undefined}
          onClick={() => apply(addStrategy, 'add strategy')}
        >
          Add strategy
        </button>
      }
    >
      {doc.strategies.map((s, i) => (
        <StrategyCard key={i} strategy={s} index={i} />
      ))}
    </Section>
  );
}
