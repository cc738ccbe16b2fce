import { describe, expect, it } from 'vitest';
import { KeptUntilChange } from './kept-until-change';

/** A FactsCache stand-in whose change the test announces. */
function facts() {
  const listeners: (() => void)[] = [];
  return {
    onChange: (l: () => void) => {
      listeners.push(l);
    },
    change: () => {
      for (const l of listeners) l();
    },
  };
}

/** A promise the test settles. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeptUntilChange', () => {
  it('shares an answer being made with the same question asked meanwhile, then keeps it', async () => {
    const kept = new KeptUntilChange<number>(facts(), 8);
    let made = 0;
    const gate = deferred<number>();
    const make = () => {
      made++;
      return gate.promise;
    };
    const first = kept.getAsync('k', make);
    const second = kept.getAsync('k', make);
    gate.resolve(42);
    expect(await Promise.all([first, second])).toEqual([42, 42]);
    expect(made).toBe(1);
    expect(await kept.getAsync('k', make)).toBe(42);
    expect(made).toBe(1);
  });

  it('does not keep an answer whose request started before the streams changed', async () => {
    const f = facts();
    const kept = new KeptUntilChange<string>(f, 8);
    // A request reads the generation, then the streams; the streams change before it answers.
    const asOf = kept.generation;
    const gate = deferred<string>();
    const answer = kept.getAsync('k', () => gate.promise, asOf);
    f.change();
    gate.resolve('old');
    expect(await answer).toBe('old');
    expect(await kept.getAsync('k', async () => 'new')).toBe('new');
    // The synchronous get follows the same rule.
    const before = kept.generation;
    f.change();
    expect(kept.get('s', () => 'stale', before)).toBe('stale');
    expect(kept.get('s', () => 'fresh')).toBe('fresh');
    expect(kept.get('s', () => 'again')).toBe('fresh');
  });

  it('lets a failed answer be asked again', async () => {
    const kept = new KeptUntilChange<number>(facts(), 8);
    await expect(kept.getAsync('k', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await kept.getAsync('k', async () => 7)).toBe(7);
  });
});
