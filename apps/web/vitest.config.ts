import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Unit tests of the web app: pure editor logic in Node, components in happy-dom with Testing
// Library. Browser tests of whole pages live in tests/ (Playwright).
export default defineProject({
  resolve: {
    conditions: ['@crosswind/source'],
    alias: { '@': fileURLToPath(new URL('.', import.meta.url)) },
  },
  ssr: { resolve: { conditions: ['@crosswind/source'] } },
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    name: 'web',
    include: ['lib/**/*.test.ts', 'components/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
  },
});
