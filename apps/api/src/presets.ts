import { validateScenario, type Scenario, type ScenarioInput } from '@crosswind/schema';

export interface PresetSource {
  id: string;
  name: string;
  question: string;
  description?: string;
  scenario: ScenarioInput;
}

export interface Preset {
  id: string;
  name: string;
  question: string;
  description: string | undefined;
  scenario: Scenario;
}

export interface PresetCatalog {
  list(): readonly Preset[];
  get(id: string): Preset | undefined;
}

/**
 * Validates every preset once, at start, so a broken preset stops the server with its path
 * instead of failing a user later.
 */
export function createPresetCatalog(sources: readonly PresetSource[]): PresetCatalog {
  const presets = sources.map((p): Preset => {
    const r = validateScenario(p.scenario);
    if (!r.ok) {
      const first = r.issues[0];
      throw new Error(
        `preset "${p.id}" is invalid: ${first ? `${first.path}: ${first.message}` : 'unknown issue'}`,
      );
    }
    return {
      id: p.id,
      name: p.name,
      question: p.question,
      description: p.description ?? r.scenario.description,
      scenario: r.scenario,
    };
  });
  const byId = new Map(presets.map((p) => [p.id, p]));
  return { list: () => presets, get: (id) => byId.get(id) };
}
