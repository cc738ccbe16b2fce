import type { ResponseOf } from '../../../../shared/contract';
import { formatCount, formatMs, formatRate, formatShare } from '../../../../shared/format';
import type { StatMetric, Stats } from '../../../../shared/stream-row';
import { CopyButton } from '../../components/copy-button';
import { describeSlo } from '../../lib/slo-text';

type Dashboard = ResponseOf<'dashboard:get'>;

interface TileProps {
  label: string;
  value: string;
  sub: string;
  kind?: 'gen' | 'consumer' | 'ttft' | 'failed';
  /** Every value behind the number is legacy-derived (timestamps): say so and style it so. */
  legacy?: boolean;
  title?: string;
  testId?: string;
}

function Tile({ label, value, sub, kind, legacy, title, testId }: TileProps) {
  const cls = `tile${kind ? ` ${kind}` : ''}${legacy ? ' legacy' : ''}`;
  return (
    <div className={cls} title={title} data-testid={testId}>
      <div className="label">
        {label}
        <CopyButton value={`${label}: ${value} (${sub})`} what={label} compact />
        {legacy ? (
          <span className="badge legacy" style={{ marginLeft: 6 }}>
            legacy
          </span>
        ) : null}
      </div>
      <div className="value" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </div>
      <div className="sub">{sub}</div>
    </div>
  );
}

export function statOf(d: Dashboard, metric: StatMetric): Stats | undefined {
  return d.stats[metric];
}

/** The headline numbers, each with its n; failed streams are counted here and excluded elsewhere. */
export function SummaryTiles({ d }: { d: Dashboard }) {
  const ttft = statOf(d, 'ttft_ms');
  const gen = statOf(d, 'generation_ms');
  const cons = statOf(d, 'consumer_ms');
  const share = statOf(d, 'gen_share');
  const ips = statOf(d, 'items_per_s');
  const inter = statOf(d, 'inter_item_ms');
  const c = d.counts;
  // Only a selection without hooks timing is legacy through and through; mixed ones are noted on the charts.
  const allLegacy = c.hooks === 0 && c.legacy > 0;
  return (
    <div className="tiles" data-testid="summary-tiles">
      <Tile
        label="Streams"
        value={formatCount(c.streams)}
        sub={`${formatCount(c.apps)} apps`}
        testId="tile-streams"
      />
      <Tile
        label="Failed streams"
        value={formatCount(c.failed)}
        sub="excluded from statistics"
        kind={c.failed > 0 ? 'failed' : undefined}
        testId="tile-failed"
      />
      <Tile
        label="Timing source"
        value={`${formatCount(c.hooks)} hooks`}
        sub={`${formatCount(c.legacy)} legacy (from timestamps)`}
        title="hooks: generation/consumer/TTFT fields written by newer Burr trackers; legacy: derived from timestamps"
        testId="tile-timing"
      />
      {d.goodput ? (
        <Tile
          label="Goodput"
          value={formatShare(d.goodput.share)}
          sub={`${formatCount(d.goodput.met)} of ${formatCount(d.goodput.of)} streams meet the SLOs`}
          title={`SLOs: ${describeSlo(d.goodput.slo)}. Failed streams count and never meet them.`}
          testId="tile-goodput"
        />
      ) : null}
      <Tile
        label="TTFT p50"
        value={formatMs(ttft?.p50)}
        sub={`p90 ${formatMs(ttft?.p90)} · p99 ${formatMs(ttft?.p99)} · n = ${formatCount(ttft?.count ?? 0)}`}
        kind="ttft"
        legacy={allLegacy}
        testId="tile-ttft"
      />
      <Tile
        label="Generation p50"
        value={formatMs(gen?.p50)}
        sub={`p90 ${formatMs(gen?.p90)} · n = ${formatCount(gen?.count ?? 0)}`}
        kind="gen"
        testId="tile-generation"
      />
      <Tile
        label="Consumer p50"
        value={formatMs(cons?.p50)}
        sub={`p90 ${formatMs(cons?.p90)} · n = ${formatCount(cons?.count ?? 0)}`}
        kind="consumer"
        testId="tile-consumer"
      />
      <Tile
        label="Generation share p50"
        value={formatShare(share?.p50)}
        sub={`of generation + consumer · n = ${formatCount(share?.count ?? 0)}`}
        testId="tile-share"
      />
      <Tile
        label="Items/s p50"
        value={formatRate(ips?.p50).replace(' items/s', '')}
        sub={`items/s · p90 ${formatRate(ips?.p90).replace(' items/s', '')} · n = ${formatCount(ips?.count ?? 0)}`}
        legacy={allLegacy}
        testId="tile-items-per-s"
      />
      <Tile
        label="Inter-item p50"
        value={formatMs(inter?.p50)}
        sub={`p90 ${formatMs(inter?.p90)} · n = ${formatCount(inter?.count ?? 0)}`}
        legacy={allLegacy}
        testId="tile-inter-item"
      />
    </div>
  );
}
