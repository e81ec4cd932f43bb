#!/usr/bin/env node
// Entry point for `brukerstemme`, `npx brukerstemme` and `npm start`. Runs the JavaScript in dist/
// that `npm install` builds (scripts/build.mjs) while it is newer than every file in src/, and
// otherwise the TypeScript sources through tsx: a checkout works without a build step, and an
// edited source is never shadowed by an older build (it only starts slower until `npm run build`).
import { fileURLToPath } from 'node:url';
import { distIsFresh } from './dist-fresh.js';

// With --debug, stack traces point into src/*.ts (dist/ carries source maps); only then, as it costs start-up.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
let cli;
if (distIsFresh()) {
  cli = await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  // The checkout's tsconfig.json, wherever the command is run from: tsx looks in the working
  // directory, and without it compiles JSX for the classic runtime ("React is not defined").
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  cli = await import('../src/cli.ts');
}
await cli.main(process.argv);
