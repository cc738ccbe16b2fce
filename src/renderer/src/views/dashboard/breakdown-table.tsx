import type { ResponseOf } from '../../../../shared/contract';
import { formatCount, formatMs, formatNumber } from '../../../../shared/format';

type BreakdownRow = ResponseOf<'dashboard:get'>['byAction'][number];

interface BreakdownTableProps {
  title: string;
  rows: BreakdownRow[];
  /** Narrows the filter to one row's key. */
  onPick: (key: string | null) => void;
  testId?: string;
}

/** Statistics per action or per partition key; a row click narrows the filter to it. */
export function BreakdownTable({ title, rows, onPick, testId }: BreakdownTableProps) {
  return (
    <section className="panel" data-testid={testId} aria-label={title}>
      <div className="panel-head">
        <h3>{title}</h3>
        <span className="n">
          {formatCount(rows.length)} {rows.length === 1 ? 'row' : 'rows'}
        </span>
      </div>
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table className="table">
          <thead>
            <tr>
              <th>{title.replace(/^By /, '')}</th>
              <th className="num">streams</th>
              <th className="num">failed</th>
              <th className="num">TTFT p50</th>
              <th className="num">p90</th>
              <th className="num">gen p50</th>
              <th className="num" title="items per second, p50">
                items/s
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.key ?? '\u0000none'}
                className="clickable"
                onClick={() => onPick(r.key)}
                title={r.key === null ? undefined : `Filter to ${r.key}`}
              >
                <td className="ellipsis">{r.key ?? <span className="faint">(none)</span>}</td>
                <td className="num">{formatCount(r.streams)}</td>
                <td className={r.failed > 0 ? 'num failed-text' : 'num'}>{formatCount(r.failed)}</td>
                <td className="num ttft" title={`n = ${r.ttft.count}`}>
                  {formatMs(r.ttft.p50)}
                </td>
                <td className="num ttft" title={`n = ${r.ttft.count}`}>
                  {formatMs(r.ttft.p90)}
                </td>
                <td className="num gen" title={`n = ${r.generation.count}`}>
                  {formatMs(r.generation.p50)}
                </td>
                <td className="num" title={`n = ${r.itemsPerS.count}`}>
                  {formatNumber(r.itemsPerS.p50)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <div className="panel-note">No streams.</div> : null}
      </div>
    </section>
  );
}
