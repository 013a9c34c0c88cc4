import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@crosswind/source'] },
  ssr: { resolve: { conditions: ['@crosswind/source'] } },
  // The CLI tests run the built CLI as child processes; each start loads the engine, so allow
  // for a busy machine rather than fail on the default 5 s.
  test: { name: 'cli', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
