import type React from 'react';

/**
 * A wide table scrolls inside its own region, never the page, so a 360 px phone screen does not
 * scroll sideways. The region is focusable (keyboard users can scroll it) and named for screen
 * readers (a group, not a region: a region named like its section would be a duplicate landmark). It is `position: relative` so that visually hidden text inside the table (absolutely
 * positioned by `aksel-sr-only`) is laid out within the region instead of stretching the page.
 */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="bs-table-scroll" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
