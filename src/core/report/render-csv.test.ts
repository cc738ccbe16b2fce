import { describe, expect, it } from 'vitest';
import { STATS_CONVENTION, type StreamRow } from '../../shared/stream-row';
import { CSV_COLUMNS, inertCell, quoteCsv, renderCsv } from './render-csv';
import { buildReport, groupKey } from './report-model';
import { HOSTILE, hostileRows, row } from './report-test-fixtures';

/** A strict RFC 4180 reader: quoted fields may hold commas, CR/LF and doubled quotes; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\r' || ch === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

const FORMULA = /^[=+\-@\t\r\n]/;
const PLAIN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const generatedAt = new Date('2024-05-02T12:00:00Z');

describe('renderCsv', () => {
  const streams = hostileRows();
  const report = buildReport(streams, {
    groupBy: 'app',
    selection: { app: '=cmd|"/c calc"!A1', project: ['@x', 'y'] },
    generatedAt,
  });
  const text = renderCsv(report);
  const records = parseCsv(text);
  const data = records.filter((r) => !(r[0] ?? '').startsWith('#'));
  const meta = records.filter((r) => (r[0] ?? '').startsWith('#'));

  it('parses as RFC 4180 with a header and one row per stream, every row the same width', () => {
    expect(data[0]).toEqual([...CSV_COLUMNS]);
    expect(data).toHaveLength(streams.length + 1);
    for (const r of data) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('gives back every original string after removing the one inert prefix', () => {
    const restore = (cell: string, original: string): string =>
      FORMULA.test(original) && !PLAIN_NUMBER.test(original) ? cell.replace(/^'/, '') : cell;
    streams.forEach((s, i) => {
      const r = data[i + 1] as string[];
      const col = (name: (typeof CSV_COLUMNS)[number]): string => r[CSV_COLUMNS.indexOf(name)] as string;
      for (const name of ['project', 'app_id', 'action', 'partition_key'] as const) {
        const original = s[name] as string;
        expect(restore(col(name), original)).toBe(original);
      }
      expect(restore(col('group'), groupKey(s, 'app'))).toBe(s.app_id);
    });
    // Exactly the formula-like strings got the prefix.
    const changed = streams.filter((s, i) => data[i + 1]?.[CSV_COLUMNS.indexOf('app_id')] !== s.app_id);
    expect(changed).toHaveLength(HOSTILE.filter((h) => FORMULA.test(h) && !PLAIN_NUMBER.test(h)).length);
  });

  it('leaves no cell, metadata included, starting with a formula character unless it is a plain number', () => {
    for (const r of records) {
      for (const cell of r) {
        if (FORMULA.test(cell)) expect(cell).toMatch(PLAIN_NUMBER);
      }
    }
    // The negative TTFT stays a number.
    expect(data[4]?.[CSV_COLUMNS.indexOf('ttft_ms')]).toBe('-1.5');
  });

  it('writes every derived number at full precision, nulls empty, booleans as words', () => {
    const s = streams[0] as StreamRow;
    const r = data[1] as string[];
    expect(r[CSV_COLUMNS.indexOf('gen_share')]).toBe(String(s.gen_share));
    expect(r[CSV_COLUMNS.indexOf('failed')]).toBe('true');
    const legacy = data[2] as string[];
    expect(legacy[CSV_COLUMNS.indexOf('generation_ms')]).toBe('');
    expect(legacy[CSV_COLUMNS.indexOf('timing_source')]).toBe('legacy');
  });

  it('states what it contains in leading "#" rows: date, grouping, selection, convention', () => {
    const asMap = new Map(meta.map((r) => [r[0], r[1]]));
    expect(asMap.get('# generated_at')).toBe('2024-05-02T12:00:00.000Z');
    expect(asMap.get('# group_by')).toBe('app');
    expect(asMap.get('# selection.app')).toBe('\'=cmd|"/c calc"!A1');
    expect(asMap.get('# selection.project')).toBe("'@x, y");
    expect(asMap.get('# convention.percentiles')).toBe(STATS_CONVENTION.percentiles);
    expect(text.startsWith('# Stream Lens report,')).toBe(true);
  });

  it('can leave the metadata out', () => {
    const bare = parseCsv(renderCsv(report, { metadata: false }));
    expect(bare[0]).toEqual([...CSV_COLUMNS]);
    expect(bare).toHaveLength(streams.length + 1);
  });

  it('says "all streams" without filters, and has only a header for no streams', () => {
    const empty = parseCsv(renderCsv(buildReport([], { groupBy: 'project', selection: {}, generatedAt })));
    expect(empty.find((r) => r[0] === '# selection')?.[1]).toBe('all streams');
    expect(empty.filter((r) => !(r[0] ?? '').startsWith('#'))).toEqual([[...CSV_COLUMNS]]);
    expect(
      parseCsv(renderCsv(buildReport([row()], { groupBy: 'project', selection: {}, generatedAt }))).length,
    ).toBeGreaterThan(1);
  });
});

describe('csv cells', () => {
  it('makes formula starts inert but keeps plain numbers', () => {
    expect(inertCell('=1+1')).toBe("'=1+1");
    expect(inertCell('+1')).toBe("'+1");
    expect(inertCell('-2+3')).toBe("'-2+3");
    expect(inertCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(inertCell('\tx')).toBe("'\tx");
    expect(inertCell('\nx')).toBe("'\nx");
    expect(inertCell('-1.5')).toBe('-1.5');
    expect(inertCell('-1e-3')).toBe('-1e-3');
    expect(inertCell('plain')).toBe('plain');
  });

  it('quotes per RFC 4180 only when needed', () => {
    expect(quoteCsv('a')).toBe('a');
    expect(quoteCsv('a,b')).toBe('"a,b"');
    expect(quoteCsv('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsv('a\nb')).toBe('"a\nb"');
  });
});
