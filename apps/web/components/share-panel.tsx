'use client';

import Link from 'next/link';
import { useState, useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * The origin the browser sees. The server renders the link without it (a server never learns
 * its public origin reliably: the Host header is the client's to choose); the browser fills it
 * in after hydration, with no mismatch.
 */
function useBrowserOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => '',
  );
}

/** The link to a saved scenario, with a copy button. */
export function SharePanel({ id, parentId }: { id: string; parentId?: string | undefined }) {
  const [copied, setCopied] = useState(false);
  const url = `${useBrowserOrigin()}/s/${id}`;
  return (
    <div className="card stack" style={{ gap: 8 }} data-testid="share-panel">
      <strong>Saved. Anyone with this link sees this exact scenario and its results.</strong>
      <div className="share-box">
        <label htmlFor="share-url" className="visually-hidden">
          Share link
        </label>
        <input
          id="share-url"
          className="input"
          readOnly
          value={url}
          onFocus={(e) => e.target.select()}
          data-testid="share-url"
        />
        <button
          type="button"
          className="btn"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            );
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <Link className="btn" href={`/s/${id}`}>
          Open
        </Link>
      </div>
      {parentId ? (
        <div className="small">
          <Link href={`/compare?ids=${parentId},${id}`}>Compare with the original</Link>
        </div>
      ) : null}
    </div>
  );
}
