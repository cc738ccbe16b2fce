import type { FactsCache } from './facts-cache';

/**
 * Answers computed from the streams, kept by key until the streams change (first in, first out
 * past `max` keys): views ask the same questions again on every visit, toggle and scrolled page.
 */
export class KeptUntilChange<T> {
  private readonly map = new Map<string, T>();

  constructor(
    facts: Pick<FactsCache, 'onChange'>,
    private readonly max: number,
  ) {
    facts.onChange(() => this.map.clear());
  }

  get(key: string, make: () => T): T {
    let value = this.map.get(key);
    if (value === undefined) {
      value = make();
      if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
      this.map.set(key, value);
    }
    return value;
  }

  clear(): void {
    this.map.clear();
  }
}
