import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@crosswind/source'] },
  ssr: { resolve: { conditions: ['@crosswind/source'] } },
  test: {
    name: 'hostile',
    include: ['**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
