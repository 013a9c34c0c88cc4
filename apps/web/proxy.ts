import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from './lib/csp';

/**
 * A fresh nonce and Content-Security-Policy for every page request. Next.js reads the nonce
 * from the policy on the request and puts it on every script it renders (which is why all
 * pages render dynamically; see app/layout.tsx); the same policy goes on the response.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API (served before Next.js anyway), static files or the icon.
      source: '/((?!api|_next/static|_next/image|favicon.ico|icon.svg).*)',
      // Prefetches too (unlike Next's example): the policy on the request is always ours, so
      // a client cannot pick the nonce a page renders with by sending its own header.
    },
  ],
};
