'use client';

import { useId, useState, type ReactNode } from 'react';

/**
 * A toolbar that stays at the top of the page while scrolling. On wide screens everything is
 * on one row; on phones only the heading, the primary action and a "More" button stay (the
 * secondary actions open under them), so the toolbar takes a line or two instead of a third
 * of the screen.
 */
export function StickyToolbar({
  heading,
  secondary,
  primary,
  below,
}: {
  heading: ReactNode;
  /** actions shown on wide screens, behind "More" on phones */
  secondary: ReactNode;
  /** the main action, always shown */
  primary: ReactNode;
  /** a line under the actions (e.g. the preview figures) */
  below?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const moreId = useId();
  return (
    <div className="toolbar" data-open={open ? 'true' : 'false'} data-testid="toolbar">
      <div className="toolbar-main">
        <div className="toolbar-heading">{heading}</div>
        <div className="toolbar-secondary" id={moreId}>
          {secondary}
        </div>
        <button
          type="button"
          className="btn toolbar-more"
          aria-expanded={open}
          aria-controls={moreId}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Less' : 'More'}
        </button>
        {primary}
      </div>
      {below}
    </div>
  );
}
