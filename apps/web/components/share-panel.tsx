'use client';

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

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

/** A button that copies `text`, saying so for two seconds (or that the browser refused). */
function CopyButton({ text, small }: { text: string; small?: boolean }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const copy = async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      ok = false; // no permission or not a secure context: the link stays selectable
    }
    setCopied(ok ? 'copied' : 'failed');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <button
      type="button"
      className={`btn${small ? ' btn-small' : ''}`}
      onClick={() => void copy()}
      aria-live="polite"
    >
      {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and copy' : 'Copy link'}
    </button>
  );
}

/**
 * The link to a saved scenario with a Copy button. `inline` is the compact form that sits next
 * to the editor's Save button; the default is the card of the scenario's own page.
 */
export function SharePanel({ id, inline = false }: { id: string; inline?: boolean }) {
  const url = `${useBrowserOrigin()}/s/${id}`;
  const field = (
    <>
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
        style={inline ? { width: 'min(100%, 300px)', flex: '1 1 180px' } : undefined}
      />
    </>
  );
  if (inline) {
    return (
      <div
        className="row"
        style={{ gap: 6, flexWrap: 'nowrap', minWidth: 0, flex: '1 1 260px' }}
        data-testid="share-panel"
        role="group"
        aria-label="Share link of the saved scenario"
      >
        {field}
        <CopyButton text={url} small />
      </div>
    );
  }
  return (
    <div className="card stack" style={{ gap: 8 }} data-testid="share-panel">
      <strong>Anyone with this link sees this exact scenario and its results.</strong>
      <div className="share-box">
        {field}
        <CopyButton text={url} />
      </div>
    </div>
  );
}
