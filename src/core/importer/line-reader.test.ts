import { closeSync, openSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLines } from './line-reader';

function collect(
  content: string | Buffer,
  opts: { chunk: number; max: number; complete: boolean; start?: number },
) {
  const file = path.join(os.tmpdir(), `line-reader-${process.pid}-${Math.random()}.jsonl`);
  writeFileSync(file, content);
  const fd = openSync(file, 'r');
  const lines: { text: string; offset: number; len: number; n: number }[] = [];
  const oversized: { offset: number; len: number; n: number; head: string }[] = [];
  try {
    const result = readLines(
      fd,
      {
        startOffset: opts.start ?? 0,
        startLineNo: 0,
        maxLineBytes: opts.max,
        finalLineComplete: opts.complete,
        chunkBytes: opts.chunk,
      },
      {
        onLine: (buf, s, e, offset, len, n) =>
          lines.push({ text: buf.toString('utf8', s, e), offset, len, n }),
        onOversizedLine: (head, offset, len, n) => oversized.push({ offset, len, n, head: head.toString() }),
        onChunkDone: () => true,
      },
    );
    return { lines, oversized, result };
  } finally {
    closeSync(fd);
  }
}

describe('readLines', () => {
  it('splits lines across chunk boundaries with exact offsets, CRLF stripped', () => {
    const { lines, result } = collect('ab\r\ncdef\n\nghi\n', { chunk: 3, max: 64, complete: false });
    expect(lines.map((l) => [l.text, l.offset, l.len, l.n])).toEqual([
      ['ab', 0, 4, 1],
      ['cdef', 4, 5, 2],
      ['', 9, 1, 3],
      ['ghi', 10, 4, 4],
    ]);
    expect(result).toEqual({ offset: 14, lineNo: 4, pendingBytes: 0, stopped: false });
  });

  it('leaves an unfinished last line for later in a local log, reads it in a whole object', () => {
    expect(collect('one\ntw', { chunk: 4, max: 64, complete: false }).result).toMatchObject({
      offset: 4,
      pendingBytes: 2,
    });
    const whole = collect('one\ntwo', { chunk: 4, max: 64, complete: true });
    expect(whole.lines.map((l) => l.text)).toEqual(['one', 'two']);
    expect(whole.result.offset).toBe(7);
  });

  it('continues from a checkpoint offset', () => {
    const { lines } = collect('one\ntwo\nthree\n', { chunk: 4, max: 64, complete: false, start: 4 });
    expect(lines.map((l) => [l.text, l.offset])).toEqual([
      ['two', 4],
      ['three', 8],
    ]);
  });

  it('reports a line over the limit once, with its head, without holding it, then goes on', () => {
    const long = 'x'.repeat(100);
    const { lines, oversized } = collect(`a\n${long}\nb\n`, { chunk: 8, max: 32, complete: false });
    expect(lines.map((l) => [l.text, l.n])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
    expect(oversized).toEqual([{ offset: 2, len: 101, n: 2, head: 'x'.repeat(32) }]);
  });
});
