import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { StreamFilter } from '../../../../shared/filter';
import type { PercentileRankAnswer } from '../../../../shared/schemas/quality';
import type { StreamRow } from '../../../../shared/stream-row';
import { useApi, useDataVersion } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import type { StreamSort } from '../../state/app-state';

export const PAGE_SIZE = 250;

/** A row with its TTFT percentile rank in the selection (null: failed or no TTFT). */
export type RankedRow = StreamRow & { ttftRank: PercentileRankAnswer | null };

interface Page {
  rows: RankedRow[];
  /** The data version it was fetched at; older pages stay visible until refetched. */
  version: number;
}

export interface StreamPages {
  total: number | null;
  error: string | null;
  rowAt: (index: number) => RankedRow | undefined;
  /** Makes sure the rows in [start, end] are loaded or loading. */
  ensure: (start: number, end: number) => void;
  retry: () => void;
}

/**
 * Pages of `streams:query` fetched as the table scrolls, so 100k rows cost a few requests of
 * PAGE_SIZE. A new filter or sort drops every page; new data (an import) refetches pages as they
 * come into view while the old rows stay on screen, so the table does not flash.
 */
export function useStreamPages(filter: StreamFilter, sort: StreamSort): StreamPages {
  const api = useApi();
  const version = useDataVersion('streams');
  const key = JSON.stringify([filter, sort]);
  const pages = useRef(new Map<number, Page>());
  const inflight = useRef(new Set<string>());
  const keyRef = useRef(key);
  const versionRef = useRef(version);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, redraw] = useReducer((x: number) => x + 1, 0);
  const visible = useRef<[number, number]>([0, PAGE_SIZE - 1]);

  const load = useCallback(
    (page: number) => {
      const tag = `${keyRef.current}|${versionRef.current}|${page}`;
      const have = pages.current.get(page);
      if ((have && have.version === versionRef.current) || inflight.current.has(tag)) return;
      inflight.current.add(tag);
      const forKey = keyRef.current;
      const forVersion = versionRef.current;
      api['streams:query']({ filter, sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (res) => {
          inflight.current.delete(tag);
          if (forKey !== keyRef.current) return;
          const rows = res.rows.map((r, i) => ({ ...r, ttftRank: res.ttftRanks[i] ?? null }));
          pages.current.set(page, { rows, version: forVersion });
          setTotal(res.total);
          setError(null);
          redraw();
        },
        (e: unknown) => {
          inflight.current.delete(tag);
          if (forKey === keyRef.current) setError(errorText(e));
        },
      );
    },
    [api, filter, sort],
  );

  const ensure = useCallback(
    (start: number, end: number) => {
      visible.current = [start, end];
      const first = Math.max(0, Math.floor(start / PAGE_SIZE));
      const last = Math.max(first, Math.floor(Math.max(start, end) / PAGE_SIZE));
      for (let p = first; p <= last; p++) load(p);
    },
    [load],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter/sort key drops every page; `load` changes with it
  useEffect(() => {
    if (keyRef.current !== key) {
      keyRef.current = key;
      pages.current = new Map();
      setTotal(null);
      visible.current = [0, PAGE_SIZE - 1];
    }
    versionRef.current = version;
    setError(null);
    ensure(visible.current[0], visible.current[1]);
  }, [key, version]);

  const rowAt = useCallback(
    (i: number) => pages.current.get(Math.floor(i / PAGE_SIZE))?.rows[i % PAGE_SIZE],
    [],
  );
  const retry = useCallback(() => {
    setError(null);
    ensure(visible.current[0], visible.current[1]);
  }, [ensure]);
  return { total, error, rowAt, ensure, retry };
}
