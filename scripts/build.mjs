#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` and `npm ci` run it): compiles src/ to dist/ as
// plain JavaScript so the command line starts without tsx compiling on the fly. Transpile only, in
// a second or two: `npm test` does the type-checking. bin/brukerstemme.js uses dist/ only while it
// is newer than every file and folder in src/, and otherwise runs the sources through tsx.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

/**
 * Libraries of many small modules, each bundled into one file of dist/vendor/. Node's loader pays
 * for every file it opens: `@navikt/ds-react` alone was some 2,300 modules (its icons, date-fns,
 * react-day-picker) and seconds of every start; Kysely is 260 and Zod 95. esbuild bundles just the
 * names dist/ imports (tree-shaken; React stays outside, so the pages and the components share one
 * React) and the compiled modules import the bundle instead. Without esbuild (an install without
 * devDependencies) dist/ keeps importing the packages: a slower start, the same behaviour.
 */
const VENDOR = {
  '@navikt/ds-react': 'ds-react',
  '@navikt/ds-react/locales': 'ds-react-locales',
  kysely: 'kysely',
  zod: 'zod',
  // The command line's own: commander (every command, `--help` too), and what `qmethod analyze`
  // needs. ml-matrix is one CommonJS file of 200 kB that Node would scan for its export names
  // (cjs-module-lexer) at each start; commander is CommonJS too, and csv-parse a dozen modules.
  commander: 'commander',
  'ml-matrix': 'ml-matrix',
  'csv-parse/sync': 'csv-parse-sync',
};

let ts;
try {
  ts = (await import('typescript')).default;
} catch {
  // An install without devDependencies: the command line runs the sources through tsx instead.
  console.error('build: typescript is not installed; no dist/ (bin/brukerstemme.js runs src/ through tsx)');
  process.exit(0);
}

const started = performance.now();
const startedAt = new Date();
const entries = readdirSync(src, { recursive: true, withFileTypes: true });
const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
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
await bundleVendor();
await writeInitialDatabase();
// Written last: bin/brukerstemme.js trusts dist/ only while this stamp is newer than all of src/.
// It lists what it covers, src/ itself and every folder and file in it (bin/dist-fresh.js stats
// just these instead of walking src/), and carries the time the build began, so a source saved while
// the build ran makes dist/ stale rather than being shadowed.
const covered = ['.', ...entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => relative(src, join(e.parentPath, e.name)))];
const stamp = join(dist, 'BUILT');
writeFileSync(stamp, `${startedAt.toISOString()}\n${covered.map((p) => p.split('\\').join('/')).join('\n')}\nend\n`);
utimesSync(stamp, startedAt, startedAt);
console.error(`build: ${sources.length} modules to dist/ in ${Math.round(performance.now() - started)} ms`);

/**
 * dist/db/initial-pglite.tar.gz: a PGlite cluster with every migration of this build applied and
 * nothing else, which a first start on an empty folder loads instead of running initdb and the
 * migrations (src/db/database.ts INITIAL_PGLITE). Made by the compiled modules just written, so it
 * is exactly this build's schema. Without it a first start is only slower.
 */
async function writeInitialDatabase() {
  const began = performance.now();
  try {
    const { openDatabase, INITIAL_PGLITE } = await import(join(dist, 'db', 'database.js'));
    const { migrate } = await import(join(dist, 'db', 'migrate.js'));
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrate(handle.db);
      writeFileSync(INITIAL_PGLITE, Buffer.from(await (await handle.dumpDataDir('gzip')).arrayBuffer()));
    } finally {
      await handle.close();
    }
    console.error(`build: migrated empty database to dist/db/ in ${Math.round(performance.now() - began)} ms`);
  } catch (error) {
    console.error(`build: no initial database (${error.message}); a first start creates and migrates it`);
  }
}

async function bundleVendor() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    console.error('build: esbuild is not installed; dist/ imports its libraries unbundled (a slower start)');
    return;
  }
  const quoted = Object.keys(VENDOR)
    .map((p) => p.replace(/[/.]/g, (c) => `\\${c}`))
    .join('|');
  const importOf = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*'(${quoted})';`, 'g');
  const anyImportOf = new RegExp(`from\\s*'(${quoted})'`, 'g');
  const outputs = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
  const names = Object.fromEntries(Object.keys(VENDOR).map((p) => [p, new Set()]));
  const texts = new Map();
  for (const file of outputs) {
    const text = readFileSync(file, 'utf8');
    let found = false;
    for (const [, list, pkg] of text.matchAll(importOf)) {
      found = true;
      for (const name of list
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean))
        names[pkg].add(name.split(/\s+as\s+/)[0]);
    }
    // Only named imports are rewritten; another form (a namespace, a default) keeps that package.
    for (const [, pkg] of text.replace(importOf, '').matchAll(anyImportOf)) {
      console.error(`build: ${relative(root, file)} imports ${pkg} other than by name; dist/ keeps it unbundled`);
      names[pkg] = undefined;
    }
    if (found) texts.set(file, text);
  }
  const packages = Object.keys(VENDOR).filter((pkg) => names[pkg]?.size > 0);
  const vendor = join(dist, 'vendor');
  mkdirSync(vendor, { recursive: true });
  const entries = packages.map((pkg) => {
    const entry = join(vendor, `${VENDOR[pkg]}.entry.mjs`);
    writeFileSync(entry, `export { ${[...names[pkg]].sort().join(', ')} } from '${pkg}';\n`);
    return { in: entry, out: VENDOR[pkg] };
  });
  const bundled = performance.now();
  try {
    await esbuild.build({
      entryPoints: entries,
      outdir: vendor,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      chunkNames: 'chunk-[hash]',
      // One React for the pages and the components (hooks and context need the same instance).
      external: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      // A CommonJS part of a bundle that requires React does so through Node's require.
      banner: {
        js: "import { createRequire as __bsCreateRequire } from 'node:module'; const require = __bsCreateRequire(import.meta.url);",
      },
      define: { 'process.env.NODE_ENV': '"production"' },
      absWorkingDir: root,
      logLevel: 'warning',
      legalComments: 'none',
      plugins: [akselSideEffectFree()],
    });
  } finally {
    for (const { in: entry } of entries) rmSync(entry);
  }
  for (const [file, text] of texts) {
    const rewritten = text.replace(importOf, (whole, list, pkg) => {
      if (!packages.includes(pkg)) return whole;
      let path = relative(dirname(file), join(vendor, `${VENDOR[pkg]}.js`))
        .split('\\')
        .join('/');
      if (!path.startsWith('.')) path = `./${path}`;
      return `import {${list}} from '${path}';`;
    });
    writeFileSync(file, rewritten);
  }
  const summary = packages.map((pkg) => `${pkg} (${names[pkg].size})`).join(', ');
  console.error(`build: bundled to dist/vendor/ in ${Math.round(performance.now() - bundled)} ms: ${summary}`);
}

/**
 * Both Aksel packages declare `"sideEffects": false`, but their esm/ folders carry a package.json of
 * their own (`{"type": "module"}`) without it, and esbuild reads the nearest: it then keeps every
 * module (all 961 icons). This says for those files what the packages themselves say.
 */
function akselSideEffectFree() {
  return {
    name: 'aksel-side-effect-free',
    setup(build) {
      const aksel = /[\\/]@navikt[\\/](?:ds-react|aksel-icons)[\\/]/;
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.inner || !(args.path.startsWith('@navikt/') || aksel.test(args.importer))) return undefined;
        // Their relative imports name the file (`./alert/index.js`): no round trip to esbuild's resolver.
        if (args.path.startsWith('.') && args.path.endsWith('.js')) {
          const file = join(args.resolveDir, args.path);
          if (existsSync(file)) return { path: file, sideEffects: !aksel.test(file) };
        }
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { inner: true },
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return {
          path: resolved.path,
          external: resolved.external,
          namespace: resolved.namespace,
          sideEffects: aksel.test(resolved.path) ? false : resolved.sideEffects,
        };
      });
    },
  };
}
