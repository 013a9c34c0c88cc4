import { validateScenario, type Scenario } from '@crosswind/schema';
import { june2026 } from '../../presets/src/june-2026.js';

/** The canonical June 2026 scenario, validated, for tests and the benchmark. */
export function june2026Scenario(): Scenario {
  const v = validateScenario(june2026);
  if (!v.ok) throw new Error(v.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return v.scenario;
}

/** The June 2026 scenario as written (unvalidated input), for variants in tests. */
export { june2026 };
