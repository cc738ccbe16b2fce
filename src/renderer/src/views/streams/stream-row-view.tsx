import { type CSSProperties, memo } from 'react';
import type { StreamColumn } from './stream-columns';
import type { RankedRow } from './use-stream-pages';

export const ROW_PX = 26;

/** One style object per width: a re-rendered cell then has nothing to diff in its style. */
const widthStyles = new Map<number, CSSProperties>();
function widthStyle(width: number): CSSProperties {
  let s = widthStyles.get(width);
  if (s === undefined) {
    s = { width };
    widthStyles.set(width, s);
  }
  return s;
}

function Cell({ col, row }: { col: StreamColumn; row: RankedRow | undefined }) {
  // Its page is loading: the skeleton bar is the cell's own background (theme.css), not an element
  // inside it, so a fast scroll through unloaded pages has half the elements to style and lay out.
  if (row === undefined)
    return <div className={`cell pending${col.num ? ' num' : ''}`} style={widthStyle(col.width)} />;
  const text = col.render(row);
  const cls = `cell${col.num ? ' num' : ''}${col.cls ? ` ${col.cls(row)}` : ''}`;
  return (
    <div className={cls} style={widthStyle(col.width)} title={text.length > 16 ? text : undefined}>
      {text}
    </div>
  );
}

interface StreamRowViewProps {
  index: number;
  /** Undefined while its page loads: the row shows still skeleton bars. */
  row: RankedRow | undefined;
  active: boolean;
  columns: readonly StreamColumn[];
  /** Top of the row inside the table body, px. */
  top: number;
  onPick: (index: number) => void;
}

/**
 * One row of the stream table. Memoized: a keyboard move re-renders the two rows whose `active`
 * changed, and a short scroll only the rows that came into view (rows are keyed by slot, so the
 * rows that stayed keep their props).
 */
export const StreamRowView = memo(function StreamRowView({
  index,
  row,
  active,
  columns,
  top,
  onPick,
}: StreamRowViewProps) {
  const cls = `vrow${row?.failed ? ' failed' : ''}${active ? ' active' : ''}`;
  return (
    // biome-ignore lint/a11y: virtualized rows are absolutely positioned divs, which a <table> cannot be; ARIA grid roles describe them and the container owns the keyboard
    <div
      className={cls}
      role="row"
      aria-rowindex={index + 1}
      data-testid="stream-row"
      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${top}px)` }}
      onClick={() => onPick(index)}
    >
      {columns.map((c) => (
        <Cell key={c.id} col={c} row={row} />
      ))}
    </div>
  );
});
