import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest files first, so the two worker processes finish together: vitest hands the next file to
 * whichever process is free, and a minute-long browser file picked up last would leave the other
 * process idle for that minute. How long a file takes comes from this checkout's own last run
 * (vitest's cache) where there is one, otherwise from test/support/durations.json (a clean clone,
 * as in CI; `node scripts/test-durations.mjs` refreshes it from a run), otherwise it goes first (a
 * new file: its time is unknown; among several such, the larger first).
 */
const DURATIONS_FILE = join(import.meta.dirname, 'durations.json');

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const committed = readCommitted();
    const root = this.ctx.config.root;
    const duration = (spec: TestSpecification) => {
      const path = relative(root, spec.moduleId);
      return this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`)?.duration ?? committed[path] ?? Infinity;
    };
    const weights = new Map(files.map((f) => [f, duration(f)]));
    // Among files of unknown time (all of them, without durations.json), the larger first, as vitest does.
    const size = (spec: TestSpecification) => statSync(spec.moduleId, { throwIfNoEntry: false })?.size ?? 0;
    return [...files].sort((a, b) => weights.get(b)! - weights.get(a)! || size(b) - size(a) || a.moduleId.localeCompare(b.moduleId));
  }
}

function readCommitted(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}
