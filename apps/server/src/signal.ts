/**
 * A wake-up flag for a loop that sleeps between polls. A `notify` that arrives while nobody
 * waits is kept, so the next `wait` returns at once instead of sleeping a full poll.
 */
export class WakeSignal {
  #pending = false;
  #wake: (() => void) | undefined;

  notify(): void {
    if (this.#wake) {
      this.#wake();
    } else {
      this.#pending = true;
    }
  }

  /** Resolves on the next `notify`, or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }
}
