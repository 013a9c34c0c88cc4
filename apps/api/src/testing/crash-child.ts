import { validateScenario } from '@crosswind/schema';
import { openSqliteRepository } from '../db/open.js';
import { saveScenario } from '../scenarios.js';
import { smallScenario } from './fixtures.js';

/**
 * For the crash test: saves scenarios in a loop into the data folder given as argument and
 * prints each id once its save has committed (the acknowledgement). Killed with SIGKILL.
 */
const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: crash-child <data dir>');
const valid = validateScenario(smallScenario());
if (!valid.ok) throw new Error('fixture invalid');
const repo = await openSqliteRepository(dataDir);
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const saved = await saveScenario(repo, valid.scenario, {
    name: `crash ${i}`,
    parentId: null,
    engineVersion: 'test',
  });
  process.stdout.write(`${saved.id}\n`);
}
