/**
 * A background job that runs one pass, sleeps, and runs again until stopped: the dispatch queue and
 * the worker's housekeeping (report snapshots, fair-comparison statistics, retention). A pass that
 * returns `true` has left work waiting (a full batch) and runs again at once. A pass that throws is
 * reported and the loop goes on; stopping wakes the sleep and waits for a running pass to end.
 */
export interface PeriodicJob {
  stop(): Promise<void>;
}

/** Told of every finished pass of every job: its name, how long it took, whether it threw (the metrics). */
export type PassObserver = (name: string, seconds: number, failed: boolean) => void;
const observers = new Set<PassObserver>();

/** Adds an observer of every job's passes; returns the function that removes it again. */
export function observePasses(observer: PassObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function startPeriodic(
  name: string,
  intervalMs: number,
  pass: () => Promise<unknown>,
  onError?: (err: unknown) => void,
): PeriodicJob {
  const report = onError ?? ((err: unknown) => console.error(`${name}:`, err));
  let stopping = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopping) {
      let more: unknown = false;
      let failed = false;
      const started = performance.now();
      try {
        more = await pass();
      } catch (err) {
        failed = true;
        report(err);
      }
      for (const observer of observers) observer(name, (performance.now() - started) / 1000, failed);
      if (stopping) break;
      if (more === true) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    async stop() {
      stopping = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
