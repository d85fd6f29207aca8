export interface TtlCacheOptions {
  /** How long an entry is served after it was stored, in milliseconds. 0 turns caching off. */
  ttlMs: number;
  /** The number of entries kept. Past it, the oldest entry is dropped. */
  maxEntries: number;
  /** The clock in milliseconds, replaced by tests. */
  now?: () => number;
}

/**
 * An in-memory map whose entries expire. `clear()` also bumps a generation, so a lookup
 * that started before a write cannot store the value it read after that write finished.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #options: Required<TtlCacheOptions>;
  #generation = 0;

  constructor(options: TtlCacheOptions) {
    this.#options = { now: Date.now, ...options };
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAt <= this.#options.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Returns the cached value, else loads and stores it. A `null` result is not stored. */
  async getOrLoad(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const cached = this.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const generation = this.#generation;
    const value = await load();
    if (value !== null && generation === this.#generation) {
      this.set(key, value);
    }
    return value;
  }

  set(key: string, value: V) {
    if (this.#options.ttlMs <= 0) {
      return;
    }
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#options.now() + this.#options.ttlMs });
    if (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) {
        this.#entries.delete(oldest);
      }
    }
  }

  clear() {
    this.#generation += 1;
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
