import type { NextConfig } from 'next';

// In production the API process serves this app and `/api` on one origin. During `next dev`,
// set CROSSWIND_API_ORIGIN (e.g. http://127.0.0.1:3100) to proxy `/api` to a running API.
const apiOrigin = process.env.CROSSWIND_API_ORIGIN;

// Security headers on every page; share links additionally leak no referrer and stay out of
// search engines (a link is the only access control a saved scenario has). The
// Content-Security-Policy carries a nonce per request, so proxy.ts sets it, not this list.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];
const shareHeaders = [
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
];

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: [
    '@crosswind/schema',
    '@crosswind/catalog',
    '@crosswind/presets',
    '@crosswind/engine',
  ],
  typescript: { tsconfigPath: './tsconfig.json' },
  // The API process loads the pages before it listens (apps/api/src/web.ts), not after.
  experimental: { preloadEntriesOnStart: false },
  headers: async () => [
    { source: '/:path*', headers: securityHeaders },
    { source: '/s/:id*', headers: shareHeaders },
  ],
  ...(apiOrigin
    ? { rewrites: async () => [{ source: '/api/:path*', destination: `${apiOrigin}/api/:path*` }] }
    : {}),
};

export default config;
