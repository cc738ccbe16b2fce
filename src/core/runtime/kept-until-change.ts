import type { FactsCache } from './facts-cache';

/**
 * Answers computed from the streams, kept by key until the streams change (first in, first out
 * past `max` keys): views ask the same questions again on every visit, toggle and scrolled page.
 */
export class KeptUntilChange<T> {
  private readonly map = new Map<string, T>();
  /** Counts the clears: a value made across one is of data that changed, and is not kept. */
  private generation = 0;

  constructor(
    facts: Pick<FactsCache, 'onChange'>,
    private readonly max: number,
  ) {
    facts.onChange(() => this.clear());
  }

  get(key: string, make: () => T): T {
    let value = this.map.get(key);
    if (value === undefined) {
      value = make();
      this.keep(key, value);
    }
    return value;
  }

  /** get, for a value made asynchronously: kept only if nothing was cleared while it was made. */
  async getAsync(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.map.get(key);
    if (kept !== undefined) return kept;
    const generation = this.generation;
    const value = await make();
    if (generation === this.generation) this.keep(key, value);
    return value;
  }

  clear(): void {
    this.generation++;
    this.map.clear();
  }

  private keep(key: string, value: T): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
}
