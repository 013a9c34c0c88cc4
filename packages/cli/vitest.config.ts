import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@crosswind/source'] },
  ssr: { resolve: { conditions: ['@crosswind/source'] } },
  test: { name: 'cli', include: ['src/**/*.test.ts'] },
});
