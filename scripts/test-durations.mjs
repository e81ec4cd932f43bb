#!/usr/bin/env node
// Writes test/support/durations.json from vitest's cache of the last run in this checkout (each test
// file's duration in ms, rounded to 100): what test/support/sequencer.ts orders a clean clone's run by.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cacheDir = join(root, 'node_modules', '.vite', 'vitest');
const durations = {};
for (const dir of readdirSync(cacheDir)) {
  let results;
  try {
    results = JSON.parse(readFileSync(join(cacheDir, dir, 'results.json'), 'utf8')).results;
  } catch {
    continue;
  }
  for (const [key, { duration }] of results) {
    const file = key.slice(key.indexOf(':') + 1);
    if (typeof duration === 'number' && duration > 0) durations[file] = Math.max(durations[file] ?? 0, Math.round(duration / 100) * 100);
  }
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(join(root, 'test', 'support', 'durations.json'), JSON.stringify(sorted, null, 2) + '\n');
console.error(`test-durations: ${Object.keys(sorted).length} files`);
