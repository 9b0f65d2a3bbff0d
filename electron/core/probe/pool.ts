/**
 * Bounded concurrency for probes that may stall. The bound is there for the busy part
 * of a probe (TCP connect, TLS handshake: CPU and sockets at once); a probe that is
 * only waiting for a server that never answers costs nothing, so it gives its slot up
 * after `holdMs` and keeps its own deadline. A few dead clusters therefore delay the
 * others by a fraction of a second, not by a whole timeout per batch.
 */

export interface PoolOptions {
  /** Tasks started and not yet past `holdMs` at most. */
  limit: number;
  /** How long a task keeps its slot unless it finishes first, ms. */
  holdMs: number;
}

/** Runs every task; rejects with the first task that throws (probe tasks turn failures into results). */
export function runBounded(tasks: readonly (() => Promise<void>)[], options: PoolOptions): Promise<void> {
  const queue = [...tasks];
  let active = 0;
  let pending = tasks.length;
  return new Promise<void>((resolve, reject) => {
    if (pending === 0) return resolve();
    const startMore = () => {
      while (active < options.limit && queue.length > 0) {
        const task = queue.shift() as () => Promise<void>;
        active += 1;
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          active -= 1;
          startMore();
        };
        const timer = setTimeout(release, options.holdMs);
        task().then(
          () => {
            clearTimeout(timer);
            release();
            pending -= 1;
            if (pending === 0) resolve();
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      }
    };
    startMore();
  });
}
