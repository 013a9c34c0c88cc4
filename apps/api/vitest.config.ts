import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@crosswind/source'] },
  ssr: { resolve: { conditions: ['@crosswind/source'] } },
  test: {
    name: 'api',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
