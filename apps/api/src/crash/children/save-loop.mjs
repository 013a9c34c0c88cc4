// Crash-test child (PostgreSQL): saves scenarios in a loop into the schema given and prints
// each id once its save has committed (the acknowledgement). Killed with SIGKILL by the test.
// Plain JS over the compiled API (dist), so it runs without a TypeScript loader.
//   node save-loop.mjs <postgres url> <schema>
import { validateScenario } from '@crosswind/schema';
import { openPostgresRepository } from '../../../dist/db/open.js';
import { saveScenario } from '../../../dist/scenarios.js';
import { smallScenario } from '../../../dist/testing/fixtures.js';

const [url, schema] = process.argv.slice(2);
if (url === undefined || schema === undefined)
  throw new Error('usage: save-loop.mjs <postgres url> <schema>');
const valid = validateScenario(smallScenario());
if (!valid.ok) throw new Error('fixture invalid');
const repo = await openPostgresRepository(url, { schema, maxConnections: 2 });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const saved = await saveScenario(repo, valid.scenario, {
    name: `crash ${i}`,
    parentId: null,
    engineVersion: 'test',
  });
  process.stdout.write(`${saved.id}\n`);
}
