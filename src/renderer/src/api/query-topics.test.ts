import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../shared/contract';
import { isStaleAfter, mergeChanges, QUERY_TOPICS } from './query-topics';

const importDone = { topics: ['streams', 'sources', 'problems'] as const };
const sourceAdded = { topics: ['sources'] as const };
const watchWarning = { topics: ['problems'] as const };

describe('which queries a data change refetches', () => {
  it('a new notice refetches Problems only', () => {
    expect(isStaleAfter(['problems:list', {}], { topics: [...watchWarning.topics] })).toBe(true);
    for (const method of [
      'dashboard:get',
      'streams:query',
      'sources:list',
      'library:projects',
      'compare:run',
    ] as const)
      expect(isStaleAfter([method, {}], { topics: [...watchWarning.topics] }), method).toBe(false);
  });

  it('a source added refetches the source list and the library, not the numbers', () => {
    expect(isStaleAfter(['sources:list', {}], { topics: [...sourceAdded.topics] })).toBe(true);
    expect(isStaleAfter(['library:projects', {}], { topics: [...sourceAdded.topics] })).toBe(true);
    expect(isStaleAfter(['dashboard:get', { filter: {} }], { topics: [...sourceAdded.topics] })).toBe(false);
    expect(isStaleAfter(['problems:list', {}], { topics: [...sourceAdded.topics] })).toBe(false);
  });

  it('an import refetches everything that reads data, never app:info or settings', () => {
    for (const method of Object.keys(QUERY_TOPICS).filter((m) => m !== 'slo:get'))
      expect(isStaleAfter([method, { appRef: 1 }], { topics: [...importDone.topics] }), method).toBe(true);
    expect(isStaleAfter(['app:info', {}], { topics: [...importDone.topics] })).toBe(false);
  });

  it('a run refetches only when its own app changed, or when the change does not say which', () => {
    const change = { topics: [...importDone.topics], apps: [3, 5] };
    expect(isStaleAfter(['runs:get', { appRef: 5 }], change)).toBe(true);
    expect(isStaleAfter(['runs:get', { appRef: 4 }], change)).toBe(false);
    expect(isStaleAfter(['runs:get', { appRef: 4 }], { topics: ['streams'] })).toBe(true);
    // Other views read every app: they refetch whichever apps changed.
    expect(isStaleAfter(['dashboard:get', { filter: {} }], change)).toBe(true);
  });

  it('new SLOs refetch the SLOs only (the dashboard then asks with them)', () => {
    expect(isStaleAfter(['slo:get', { project: 'p' }], { topics: ['settings'] })).toBe(true);
    expect(isStaleAfter(['dashboard:get', { filter: {} }], { topics: ['settings'] })).toBe(false);
    expect(isStaleAfter(['slo:get', { project: 'p' }], { topics: [...importDone.topics] })).toBe(false);
  });

  it('only names real contract methods', () => {
    for (const method of Object.keys(QUERY_TOPICS)) expect(METHOD_NAMES).toContain(method);
  });

  it('merges the changes of one throttle window: all topics, and apps only when every change named them', () => {
    const a = mergeChanges(null, { topics: ['streams'], apps: [1] });
    expect(mergeChanges(a, { topics: ['problems'], apps: [2] })).toEqual({
      topics: ['streams', 'problems'],
      apps: [1, 2],
    });
    expect(mergeChanges(a, { topics: ['streams'] })).toEqual({ topics: ['streams'] });
  });
});
