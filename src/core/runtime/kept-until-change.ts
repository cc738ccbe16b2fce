import type { FactsCache } from './facts-cache';

/**
 * Answers computed from the streams, kept by key until the streams change (first in, first out
 * past `max` keys): views ask the same questions again on every visit, toggle and scrolled page.
 * A request that read the streams before a change may still be making its answer after it: a
 * value is kept only if nothing was cleared since `asOf`, the generation its request started in.
 */
export class KeptUntilChange<T> {
  private readonly map = new Map<string, T>();
  /** Answers being made (getAsync), so that the same question asked meanwhile waits for it. */
  private readonly making = new Map<string, { generation: number; value: Promise<T> }>();
  /** Counts the clears: a value made across one is of data that changed, and is not kept. */
  private cleared = 0;

  constructor(
    facts: Pick<FactsCache, 'onChange'>,
    private readonly max: number,
  ) {
    facts.onChange(() => this.clear());
  }

  /** The generation now: read it before reading the streams, and pass it to get or getAsync. */
  get generation(): number {
    return this.cleared;
  }

  get(key: string, make: () => T, asOf = this.cleared): T {
    const kept = this.map.get(key);
    if (kept !== undefined) return kept;
    const value = make();
    this.keep(key, value, asOf);
    return value;
  }

  /** get, for an answer made asynchronously; one made meanwhile for the same key is shared. */
  getAsync(key: string, make: () => Promise<T>, asOf = this.cleared): Promise<T> {
    const kept = this.map.get(key);
    if (kept !== undefined) return Promise.resolve(kept);
    const inFlight = this.making.get(key);
    if (inFlight && inFlight.generation === asOf) return inFlight.value;
    const value = make().then((made) => {
      this.keep(key, made, asOf);
      return made;
    });
    const entry = { generation: asOf, value };
    this.making.set(key, entry);
    const done = (): void => {
      if (this.making.get(key) === entry) this.making.delete(key);
    };
    value.then(done, done);
    return value;
  }

  clear(): void {
    this.cleared++;
    this.map.clear();
    this.making.clear();
  }

  private keep(key: string, value: T, asOf: number): void {
    if (asOf !== this.cleared) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
}
