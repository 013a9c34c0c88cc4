import { validateScenario } from '@crosswind/schema';
import { openPostgresRepository, openSqliteRepository } from '../db/open.js';
import { saveScenario } from '../scenarios.js';
import { smallScenario } from './fixtures.js';

/**
 * Crash-test child: saves scenarios in a loop and prints each id once its save has committed
 * (the acknowledgement), until the test kills it with SIGKILL. One child for both databases:
 *   node dist/testing/crash-child.js sqlite <data dir>
 *   node dist/testing/crash-child.js postgres <url> <schema>
 */
const [kind, ...args] = process.argv.slice(2);
const usage = 'usage: crash-child sqlite <data dir> | crash-child postgres <url> <schema>';
async function open() {
  const [first, second] = args;
  if (kind === 'sqlite' && first !== undefined) return openSqliteRepository(first);
  if (kind === 'postgres' && first !== undefined && second !== undefined)
    return openPostgresRepository(first, { schema: second, maxConnections: 2 });
  throw new Error(usage);
}
const valid = validateScenario(smallScenario());
if (!valid.ok) throw new Error('fixture invalid');
const repo = await open();
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const saved = await saveScenario(repo, valid.scenario, {
    name: `crash ${i}`,
    parentId: null,
    engineVersion: 'test',
  });
  process.stdout.write(`${saved.id}\n`);
}
