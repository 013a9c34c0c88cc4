import type { Metadata } from 'next';
import localFont from 'next/font/local';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import './globals.css';

const inter = localFont({
  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  variable: '--font-inter',
  display: 'swap',
  weight: '100 900',
});

export const metadata: Metadata = {
  title: { default: 'Crosswind', template: '%s · Crosswind' },
  description:
    'Crosswind simulates what AI vendor strategies cost and how they hold up under bans, outages and price moves.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next.js can put the request's CSP nonce (proxy.ts) on its
  // scripts only while rendering, so a page prerendered at build time would have none.
  await connection();
  return (
    <html lang="en" className={inter.variable}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container header-inner">
            <Link href="/" className="brand" aria-label="Crosswind home">
              <span className="brand-mark" aria-hidden="true" />
              Crosswind
            </Link>
            <nav aria-label="Main">
              <ul className="nav-list">
                <li>
                  <Link href="/">Home</Link>
                </li>
                <li>
                  <Link href="/scenarios/new?preset=june-2026">New scenario</Link>
                </li>
                <li>
                  <Link href="/compare">Compare</Link>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <Providers>
          <main id="main" className="container main">
            {children}
          </main>
        </Providers>
        <footer className="site-footer container">
          Crosswind · Monte Carlo scenarios for AI procurement. Results are distributions over
          simulated worlds, not forecasts.
        </footer>
      </body>
    </html>
  );
}
