import { z } from 'zod';
import { scenarioObjectSchema } from './scenario.js';

/**
 * JSON Schema (draft 2020-12) of a scenario as written by a user (defaults optional), for
 * analysts' editors and other languages. Cross-reference rules are described, not encoded.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioObjectSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://crosswind.dev/schema/scenario-v1.json',
    title: 'Crosswind scenario (schemaVersion 1)',
    description:
      'A world (regions, offers, workloads, shocks) and strategies to simulate against it. Ids are referenced by name; region shares and split weights add up to 1.',
  };
}
