import { useState } from 'react';
import type { ReactNode } from 'react';

/**
 * Renders only the rows in view (fixed row height): a run with thousands of branches, or a long
 * list of runs, costs the same to repaint as a short one.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  height,
  row,
  testId,
}: {
  items: readonly T[];
  rowHeight: number;
  height: number;
  row: (item: T, index: number) => ReactNode;
  testId?: string;
}) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / rowHeight) - 5);
  const last = Math.min(items.length, Math.ceil((top + height) / rowHeight) + 5);
  return (
    <div
      className="virtual-list"
      style={{
        height: Math.min(height, items.length * rowHeight + 2),
        overflowY: 'auto',
        position: 'relative',
      }}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      data-testid={testId}
      data-rows={items.length}
    >
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, i) => (
          <div
            key={first + i}
            style={{
              position: 'absolute',
              top: (first + i) * rowHeight,
              height: rowHeight,
              left: 0,
              right: 0,
            }}
          >
            {row(item, first + i)}
          </div>
        ))}
      </div>
    </div>
  );
}
