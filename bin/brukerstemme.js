#!/usr/bin/env node
// Entry point for `brukerstemme`, `npx brukerstemme` and `npm start`. Runs the JavaScript in dist/
// that `npm install` builds (scripts/build.mjs) while it is newer than every file in src/, and
// otherwise the TypeScript sources through tsx: a checkout works without a build step, and an
// edited source is never shadowed by an older build (it only starts slower until `npm run build`).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function distIsFresh() {
  let built;
  try {
    built = statSync(join(root, 'dist', 'BUILT')).mtimeMs;
  } catch {
    return false;
  }
  const src = join(root, 'src');
  // Folders too: a deleted or renamed source changes only its folder's time.
  for (const entry of ['', ...readdirSync(src, { recursive: true })]) {
    if (statSync(join(src, entry)).mtimeMs > built) return false;
  }
  return true;
}

// With --debug, stack traces point into src/*.ts (dist/ carries source maps); only then, as it costs start-up.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
let cli;
if (distIsFresh()) {
  cli = await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
await cli.main(process.argv);
