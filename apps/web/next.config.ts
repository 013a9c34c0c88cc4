import type { NextConfig } from 'next';

// In production the API process serves this app and `/api` on one origin. During `next dev`,
// set CROSSWIND_API_ORIGIN (e.g. http://127.0.0.1:3100) to proxy `/api` to a running API.
const apiOrigin = process.env.CROSSWIND_API_ORIGIN;

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@crosswind/schema', '@crosswind/catalog', '@crosswind/presets'],
  typescript: { tsconfigPath: './tsconfig.json' },
  ...(apiOrigin
    ? { rewrites: async () => [{ source: '/api/:path*', destination: `${apiOrigin}/api/:path*` }] }
    : {}),
};

export default config;
