/** A small least-recently-used cache (the engine's card and reason caches). */

/** A map that keeps its `size` most recently used entries. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly size: number) {}

  /** The value of `key` if cached; does not count as a use and never makes one. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** The value of `key`, made (and the oldest entry dropped when full) if missing; now the most recent. */
  get(key: K, make: () => V): V {
    let value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
    } else {
      value = make();
      if (this.map.size >= this.size) {
        const oldest = this.map.keys().next().value;
        if (oldest !== undefined) this.map.delete(oldest);
      }
    }
    this.map.set(key, value);
    return value;
  }
}
