/**
 * The pages' Content-Security-Policy. Scripts run only with this request's nonce or when a
 * nonced script loads them ('strict-dynamic'), so injected markup cannot run script.
 * Styles allow inline: React renders `style` attributes and the charts set styles inline,
 * and a nonce cannot cover attributes. Everything else is this origin only.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlay; production needs no eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // The editor's preview simulates in a Web Worker loaded from this origin's static chunks.
    // Stated on its own: script-src's 'strict-dynamic' ignores 'self', and browsers differ in
    // how they apply it to workers.
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // data: for inline images, blob: for the PNG export of charts
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 128 random bits, base64: unguessable and different on every request. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
