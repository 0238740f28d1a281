/**
 * A bounded pool for API calls. It bounds calls, not collectors: a collector waiting for its per-item
 * calls holds no slot, so nested fan-out (list keys, then one call per key) cannot deadlock the pool.
 */
export interface Pool {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function createPool(size: number): Pool {
  const limit = Math.max(1, Math.floor(size));
  let active = 0;
  const waiting: Array<() => void> = [];
  // A finished call hands its slot straight to the next waiter, so a newcomer can never slip in between.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
