'use client';

import type { ReactNode } from 'react';
import { FieldErrors, useEditor } from './fields';
import './editor.css';

/** One section of the editor (a card with a heading that the section list links to). */
export function Section({
  id,
  title,
  intro,
  actions,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { issuesAt } = useEditor();
  return (
    <section id={id} className="card" aria-labelledby={`${id}-h`} style={{ scrollMarginTop: 70 }}>
      <div className="item-head">
        <h2 id={`${id}-h`} style={{ margin: 0, flex: 1 }}>
          {title}
        </h2>
        {actions}
      </div>
      {intro ? (
        <p className="muted" style={{ marginTop: -4 }}>
          {intro}
        </p>
      ) : null}
      {id === 'regions' ? <FieldErrors issues={issuesAt('world.regions', true)} /> : null}
      {children}
    </section>
  );
}

/**
 * Buttons that move, copy and remove one item of a list. `what` names the item for screen
 * readers ("strategy Hedge"); a missing handler hides its button.
 */
export function ItemActions({
  what,
  onMoveUp,
  onMoveDown,
  onDuplicate,
  onRemove,
}: {
  what: string;
  onMoveUp?: (() => void) | undefined;
  onMoveDown?: (() => void) | undefined;
  onDuplicate?: (() => void) | undefined;
  onRemove?: (() => void) | undefined;
}) {
  return (
    <div className="item-actions">
      {onMoveUp || onMoveDown ? (
        <>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={onMoveUp}
            disabled={!onMoveUp}
            aria-label={`Move ${what} up`}
            title="Move up"
          >
            ↑
          </button>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={onMoveDown}
            disabled={!onMoveDown}
            aria-label={`Move ${what} down`}
            title="Move down"
          >
            ↓
          </button>
        </>
      ) : null}
      {onDuplicate ? (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={onDuplicate}
          aria-label={`Duplicate ${what}`}
        >
          Duplicate
        </button>
      ) : null}
      {onRemove ? (
        <button
          type="button"
          className="btn btn-small btn-ghost btn-danger"
          onClick={onRemove}
          aria-label={`Remove ${what}`}
        >
          Remove
        </button>
      ) : null}
    </div>
  );
}

export function ItemHead({
  title,
  ...actions
}: {
  title: ReactNode;
  what: string;
  onMoveUp?: (() => void) | undefined;
  onMoveDown?: (() => void) | undefined;
  onDuplicate?: (() => void) | undefined;
  onRemove?: (() => void) | undefined;
}) {
  return (
    <div className="item-head">
      <h3>{title}</h3>
      <ItemActions {...actions} />
    </div>
  );
}

/** Move handlers for item `index` of a list of `count`: none past either end. */
export function moveHandlers(
  index: number,
  count: number,
  move: (from: number, to: number) => void,
): { onMoveUp?: () => void; onMoveDown?: () => void } {
  return {
    ...(index > 0 ? { onMoveUp: () => move(index, index - 1) } : {}),
    ...(index < count - 1 ? { onMoveDown: () => move(index, index + 1) } : {}),
  };
}

export const JURISDICTION_HINT = 'code, e.g. US, CN, EU';
