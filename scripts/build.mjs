#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` and `npm ci` run it): compiles src/ to dist/ as
// plain JavaScript so the command line starts without tsx compiling on the fly. Transpile only, in
// a second or two: `npm test` does the type-checking. bin/brukerstemme.js uses dist/ only while it
// is newer than every file and folder in src/, and otherwise runs the sources through tsx.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

let ts;
try {
  ts = (await import('typescript')).default;
} catch {
  // An install without devDependencies: the command line runs the sources through tsx instead.
  console.error('build: typescript is not installed; no dist/ (bin/brukerstemme.js runs src/ through tsx)');
  process.exit(0);
}

const started = performance.now();
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name));
const sources = files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));

rmSync(dist, { recursive: true, force: true });
// One program over all sources, each file compiled on its own (isolatedModules, no libraries, no
// module resolution, no checking): the output ts.transpileModule would give, three times faster.
const program = ts.createProgram(sources, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  jsx: ts.JsxEmit.ReactJSX,
  esModuleInterop: true,
  // `./x.ts` → `./x.js` in static and dynamic imports alike.
  rewriteRelativeImportExtensions: true,
  allowImportingTsExtensions: true,
  sourceMap: true,
  isolatedModules: true,
  noResolve: true,
  noLib: true,
  noCheck: true,
  types: [],
  rootDir: src,
  outDir: dist,
});
const emitted = program.emit();
if (emitted.emitSkipped) {
  console.error('build: TypeScript emitted nothing; run `npx tsc --noEmit -p .` to see why');
  process.exit(1);
}
// Migrations (.sql) and whatever else the code reads from beside itself.
for (const file of files.filter((f) => !/\.tsx?$/.test(f))) {
  const out = join(dist, relative(src, file));
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(file, out);
}
// Written last: bin/brukerstemme.js trusts dist/ only while this stamp is newer than all of src/.
writeFileSync(join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
console.error(`build: ${sources.length} modules to dist/ in ${Math.round(performance.now() - started)} ms`);
