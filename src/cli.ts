import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Command } from 'commander';
import type { AppContext } from './core/context.ts';
import type { Config } from './core/config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { ServerOptions } from './server.ts';
import type { LedgerApplication } from './retention/ledger.ts';
import { reportError, setDebug } from './core/cli-errors.ts';
import { registerStaffCommands } from './staff/cli.ts';
import { registerQmethodCommands } from './qmethod/cli.ts';
import { registerDispatchCommands } from './dispatch/cli.ts';

/*
 * Only commander and the registrations are loaded up front: each command imports what it needs
 * inside its action, so `--help` or `qmethod analyze` do not pay for the web server, the database
 * and the design system (seconds through tsx, most of a second even compiled).
 */

type App = AppContext & { handle: DatabaseHandle };

/** Opens the configured database (taking its lock, for PGlite), runs `body`, and closes it again. */
async function withApp<T>(body: (ctx: App) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { openApp }] = await Promise.all([import('./core/config.ts'), import('./app.ts')]);
  const ctx = await openApp(loadConfig());
  try {
    return await body(ctx);
  } finally {
    await ctx.handle.close();
  }
}

/**
 * Opens the configured database (taking its lock, for PGlite) and migrates it, without the rest of
 * openApp (no keys generated, no instrument ensured): for moving a whole installation, which must
 * find an empty target empty.
 */
async function withDatabase<T>(body: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { openDatabase }, { migrate }] = await Promise.all([
    import('./core/config.ts'),
    import('./db/database.ts'),
    import('./db/migrate.ts'),
  ]);
  const config = loadConfig();
  const handle = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR + '/pglite',
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    await migrate(handle.db);
    return await body(handle);
  } finally {
    await handle.close();
  }
}

export type Role = 'web' | 'worker' | 'all';

/**
 * Runs the web server and/or the background worker in this process. Neither keeps state another
 * node would need, so any number of each can run against one PostgreSQL.
 *
 * `stop()` is the graceful shutdown: readiness fails at once (/readyz 503), the server keeps serving
 * for SHUTDOWN_DELAY_SECONDS while the load balancer takes the node out, then Fastify's close stops
 * accepting and waits for the requests in flight, while the worker finishes the pass it is in (a
 * claimed batch is delivered and its leases released; nothing new is claimed); the operators'
 * listener (METRICS_PORT; without it no metrics are kept) closes last. `probes: false` leaves that
 * listener out (a second serve() in the same process, as `start` does for the worker once the demo
 * is complete).
 */
export async function serve(
  ctx: AppContext,
  role: Role,
  opts: ServerOptions & { probes?: boolean } = {},
): Promise<{ stop: () => Promise<void> }> {
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  let started = false;
  let closeProbes: (() => Promise<void>) | undefined;
  let closeMetrics: (() => void) | undefined;
  const stop = async () => {
    stopping = true;
    if (started && ctx.config.SHUTDOWN_DELAY_SECONDS > 0)
      await new Promise((resolve) => setTimeout(resolve, ctx.config.SHUTDOWN_DELAY_SECONDS * 1000));
    await Promise.all(stops.map((s) => s()));
    await closeProbes?.();
    closeMetrics?.();
  };
  const ready = () => !stopping && (opts.ready?.() ?? true);
  try {
    // Both loaded before listening: from the first answer on, the caller's signal handling (installed
    // when this returns) must already be in place, or a Ctrl+C in between would end the process unclean.
    const [server, worker, ops] = await Promise.all([
      role === 'worker' ? undefined : import('./server.ts'),
      role === 'web' ? undefined : import('./worker.ts'),
      opts.probes === false || ctx.config.METRICS_PORT === undefined
        ? undefined
        : Promise.all([import('./ops/metrics.ts'), import('./ops/probe-server.ts')]),
    ]);
    const metrics = ops?.[0].createMetrics(ctx);
    closeMetrics = metrics?.close;
    // First, so /livez answers from here on; /readyz only once the roles below have started.
    if (ops && metrics) {
      const probes = await ops[1].startProbeServer({
        port: ctx.config.METRICS_PORT!,
        host: ctx.config.HOST,
        metrics,
        token: ctx.config.METRICS_TOKEN,
        db: ctx.db,
        ready: () => started && ready(),
      });
      closeProbes = probes.close;
    }
    if (server) {
      const app = await server.buildServer(ctx, { ...opts, ready, metrics });
      stops.push(() => app.close());
      await app.listen({ port: ctx.config.PORT, host: ctx.config.HOST });
    }
    if (worker) {
      const jobs = worker.startBackgroundJobs(ctx);
      stops.push(() => jobs.stop());
    }
    started = true;
  } catch (error) {
    // A port in use, say: stop what did start, so the caller can close the database and exit.
    await stop();
    throw error;
  }
  return { stop };
}

/**
 * Starts loading the server's and the worker's modules (some 400 files) while the database opens,
 * not after: opening PGlite leaves the main thread idle for stretches (its WebAssembly compiling on
 * other threads, its files read), which the module loading fills. serve() imports the same modules
 * and so awaits these very loads. A failure is left to serve()'s import to report.
 */
function preloadServing(role: Role): void {
  if (role !== 'worker') import('./server.ts').catch(() => {});
  if (role !== 'web') import('./worker.ts').catch(() => {});
}

function stopOnSignal(stop: () => Promise<void>, close: () => Promise<void>) {
  const shutdown = async () => {
    try {
      await stop();
    } finally {
      // Closing also removes the PGlite lock file, so the next start needs no stale-lock takeover.
      await close();
    }
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function parseRole(value: string): Role {
  if (value !== 'web' && value !== 'worker' && value !== 'all') throw new Error(`--role must be web, worker or all, not "${value}"`);
  return value;
}

async function printWelcome(config: Config, demo?: { sampleCounselorId: string; apiKey?: string }) {
  const [{ publicUrl }, { isQuietHour, rulesFromConfig }, { zonedParts }] = await Promise.all([
    import('./core/config.ts'),
    import('./dispatch/rules.ts'),
    import('./time/zone.ts'),
  ]);
  const url = publicUrl(config);
  console.log(`\nBrukerstemme is running at ${url}`);
  if (config.DEV_LOGIN)
    console.log(
      `  Log in as a counselor: open ${url}/login and pick an employee (e.g. ${demo?.sampleCounselorId ?? 'the first in the list'}).`,
    );
  if (config.DELIVERY_MODE === 'outbox')
    console.log('  Invitations go to the dev outbox: run `npx brukerstemme outbox` to see them with their survey links.');
  const rules = rulesFromConfig(config);
  if (isQuietHour(zonedParts(new Date(), rules.timeZone).hour, rules)) {
    console.log(
      `  It is quiet hours now (${config.QUIET_HOURS_START}:00–${config.QUIET_HOURS_END}:00): invitations wait until ${config.QUIET_HOURS_END}:00 (set QUIET_HOURS_START=QUIET_HOURS_END to send at once).`,
    );
  }
  if (demo?.apiKey) console.log(`  API key for the demo case system (shown once): ${demo.apiKey}`);
  console.log('  Stop with Ctrl+C.\n');
}

/** Runs the web and/or the worker until a signal; on a failure to start, closes the database again. */
async function serveUntilSignal(ctx: App, role: Role, welcome: () => Promise<void>): Promise<void> {
  let running: Awaited<ReturnType<typeof serve>>;
  try {
    running = await serve(ctx, role);
  } catch (error) {
    await ctx.handle.close();
    throw error;
  }
  // Before the welcome (which loads a few modules): a signal once the server answers stops it cleanly.
  stopOnSignal(running.stop, ctx.handle.close);
  await welcome();
}

/**
 * `start` on an empty database: the web server answers at once (/healthz says `ready: false`, the
 * pages show what is already in) while the demo is filled in; the worker starts once it is complete,
 * so its refreshers and sends see the whole demo. A stop meanwhile waits for the demo to be complete:
 * an interrupted fill would leave a half demo that the next start could not tell from a whole one.
 */
async function serveWhileFillingDemo(ctx: App, config: Config): Promise<void> {
  const { recordDemoFill, seedDemo } = await import('./demo/seed.ts');
  let ready = false;
  let web: Awaited<ReturnType<typeof serve>>;
  try {
    web = await serve(ctx, 'web', { ready: () => ready });
  } catch (error) {
    await ctx.handle.close();
    throw error;
  }
  let worker: Awaited<ReturnType<typeof serve>> | undefined;
  const started = performance.now();
  console.log('Empty database: demo data is being filled in (a few seconds; /healthz says "ready": true once it is complete)…');
  const filling = (async () => {
    await recordDemoFill(ctx, 'filling');
    const demo = await seedDemo(ctx);
    await recordDemoFill(ctx, 'complete');
    worker = await serve(ctx, 'worker', { probes: false });
    ready = true;
    console.log(
      `Demo data is complete (${((performance.now() - started) / 1000).toFixed(1)} s): ${demo.counselors} counselors, ${demo.responses} simulated answers over 12 months, ${demo.freshMeetings} fresh meetings.`,
    );
    console.log(`  API key for the demo case system (shown once): ${demo.apiKey}\n`);
  })();
  const stop = async () => {
    if (!ready) console.log('Stopping once the demo data is complete…');
    await filling.catch(() => {});
    await worker?.stop();
    await web.stop();
  };
  filling.catch(async (error: unknown) => {
    reportError('brukerstemme start: filling in the demo', error);
    await stop().catch(() => {});
    await ctx.handle.close();
    process.exit(1);
  });
  stopOnSignal(stop, ctx.handle.close);
  await printWelcome(config, { sampleCounselorId: 'demo-v01' });
}

/** The command line; errors become one line on stderr and exit code 1 (`--debug` adds the stack). */
export async function main(argv: string[]): Promise<void> {
  setDebug(argv.includes('--debug'));
  const program = new Command();
  program
    .name('brukerstemme')
    .description('Citizen feedback on meetings with NAV counselors')
    .option('--debug', 'on an error, print its stack trace too');

  program
    .command('start')
    .description('serve web and worker, filling in the demo first on an empty database (what `npm start` runs)')
    .action(async () => {
      preloadServing('all');
      const [{ loadConfig }, { openApp }, { demoFillState, hasOrganisation }] = await Promise.all([
        import('./core/config.ts'),
        import('./app.ts'),
        import('./demo/seed.ts'),
      ]);
      const config = loadConfig();
      const ctx = await openApp(config);
      let empty: boolean;
      try {
        if ((await demoFillState(ctx)) === 'filling')
          throw new Error(
            'the demo was cut short while it was being filled in (the process was killed), so its figures would not add up. Delete the data folder (DATA_DIR) and start again.',
          );
        empty = !(await hasOrganisation(ctx));
      } catch (error) {
        await ctx.handle.close();
        throw error;
      }
      if (!empty) {
        await serveUntilSignal(ctx, 'all', () => printWelcome(config, { sampleCounselorId: 'demo-v01' }));
        return;
      }
      await serveWhileFillingDemo(ctx, config);
    });

  program
    .command('serve')
    .description('run the web server and/or the background worker')
    .option('--role <role>', 'web, worker or all', 'all')
    .action(async (opts: { role: string }) => {
      const role = parseRole(opts.role);
      preloadServing(role);
      const [{ loadConfig }, { openApp }] = await Promise.all([import('./core/config.ts'), import('./app.ts')]);
      const config = loadConfig();
      // On PostgreSQL the data folder is usually the node's own: a ledger there is lost with the node,
      // and a restored backup would bring back what was deleted since (README, Retention and backups).
      if (config.DATABASE_URL && !config.DELETION_LEDGER)
        console.warn(
          `deletion ledger: DELETION_LEDGER is not set, so it is kept in ${config.DATA_DIR}/deletion-ledger; ` +
            'set it to a folder every node shares and that outlives them',
        );
      const ctx = await openApp(config);
      await serveUntilSignal(ctx, role, async () => {
        if (role !== 'worker') await printWelcome(config);
        else console.log('Worker running.');
      });
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      await withApp(async () => {});
      console.log('Database is up to date.');
    });

  program
    .command('demo')
    .description('seed the demo county into an empty database and exit')
    .action(async () => {
      const { hasOrganisation, seedDemo } = await import('./demo/seed.ts');
      await withApp(async (ctx) => {
        if (await hasOrganisation(ctx)) {
          console.error('The database already has an organisation; the demo is only seeded into an empty one.');
          process.exitCode = 1;
        } else {
          const demo = await seedDemo(ctx);
          console.log(`Seeded ${demo.counselors} counselors and ${demo.responses} answers. API key (shown once): ${demo.apiKey}`);
        }
      });
    });

  const importCommand = program.command('import').description('load data from files');
  importCommand
    .command('org <file>')
    .description('load units and employees from a JSON or CSV file (see README)')
    .action(async (file: string) => {
      const { importOrgFile, OrgFileError } = await import('./org/file.ts');
      // A file that is not there is said at once, before the database is opened (or created).
      await access(file, constants.R_OK);
      try {
        const summary = await withApp((ctx) => importOrgFile(ctx.db, file, ctx.now()));
        console.log(JSON.stringify(summary));
      } catch (error) {
        if (!(error instanceof OrgFileError)) throw error;
        console.error(`Nothing imported: ${error.problems.length} problem(s) in ${file}:`);
        for (const problem of error.problems.slice(0, 50)) console.error(`  ${problem}`);
        process.exitCode = 1;
      }
    });
  importCommand
    .command('meetings <file>')
    .description('register meeting events from a CSV file (validated whole before anything is written)')
    .option('--batch-size <n>', 'events per transaction', '1000')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, opts: { batchSize: string; progress: boolean }) => {
      const { importMeetingsFile } = await import('./intake/import-file.ts');
      await access(file, constants.R_OK);
      try {
        const result = await withApp((ctx) =>
          importMeetingsFile(ctx, file, { batchSize: Number(opts.batchSize), progress: opts.progress && process.stderr.isTTY }),
        );
        if (!result.ok) {
          console.error(`Nothing imported: ${result.errors.length} problem(s) in ${file}:`);
          for (const e of result.errors.slice(0, 50)) console.error(`  line ${e.line}: ${e.field}: ${e.message}`);
          process.exitCode = 1;
        } else {
          console.log(
            `Imported ${result.total} events: ${result.created} new, ${result.duplicate} already registered, ${result.conflict} conflicting (kept the first).`,
          );
        }
      } catch (error) {
        // csv-parse's errors carry a CSV_… code and say where the file breaks.
        if (!String((error as { code?: unknown }).code).startsWith('CSV_')) throw error;
        reportError(`Nothing imported: ${file} is not valid CSV`, error);
        process.exitCode = 1;
      }
    });

  importCommand
    .command('installation <file>')
    .description('load a whole installation written by `export` into an empty database (see README, Moving an installation)')
    .action(async (file: string) => {
      const { checkMigrationLevel, importInstallation, readHead } = await import('./moving/installation.ts');
      await access(file, constants.R_OK);
      // A file that is no installation, or from another version, is said before the target is opened (or created).
      checkMigrationLevel(await readHead(file));
      const summary = await withDatabase((handle) => importInstallation(handle.db, file));
      console.log(
        `Imported ${summary.rows} rows in ${summary.tables} tables from ${file} (migration ${summary.migration}); every table reads back as the file has it.`,
      );
    });

  program
    .command('export <file>')
    .description('write the whole installation to one file, to import elsewhere (see README, Moving an installation)')
    .action(async (file: string) => {
      const { exportInstallation } = await import('./moving/installation.ts');
      const summary = await withDatabase((handle) => exportInstallation(handle.db, handle.kind, file, new Date()));
      console.log(
        `Exported ${summary.rows} rows of ${summary.tables} tables (migration ${summary.migration}) to ${file}. It holds keys and contact data: keep it as safe as the database, and delete it once imported.`,
      );
    });

  program
    .command('backup <file>')
    .description('write a backup: the export format, one consistent snapshot (see README, Retention and backups)')
    .action(async (file: string) => {
      const { exportInstallation } = await import('./moving/installation.ts');
      const summary = await withDatabase((handle) => exportInstallation(handle.db, handle.kind, file, new Date()));
      console.log(
        `Backed up ${summary.rows} rows of ${summary.tables} tables (migration ${summary.migration}) to ${file}. It holds keys and contact data: keep it as safe as the database. To restore: \`import installation ${file}\` into an empty database, then start (the deletion ledger is applied first).`,
      );
    });

  program
    .command('ledger')
    .description('the deletion ledger (see README, Retention and backups)')
    .command('apply')
    .description('apply the deletion ledger to the database now (every start does this too) and say what it did')
    .action(async () => {
      const [{ loadConfig }, { openApp }, { ledgerFolder }] = await Promise.all([
        import('./core/config.ts'),
        import('./app.ts'),
        import('./ledger/ledger.ts'),
      ]);
      const config = loadConfig();
      let summary: LedgerApplication | undefined;
      const ctx = await openApp(config, { onLedger: (result) => (summary = result) });
      await ctx.handle.close();
      const kinds = Object.entries(summary?.byKind ?? {})
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ');
      console.log(`Deletion ledger ${ledgerFolder(config)}: ${summary?.applied ?? 0} entries applied${kinds ? ` (${kinds})` : ''}.`);
      for (const file of summary?.missing ?? [])
        console.warn(`${file}: applied to this database before, but not in the folder (moved or lost?)`);
      for (const file of summary?.torn ?? []) console.warn(`${file}: ends in an unfinished line (a write cut short), ignored`);
      for (const grant of summary?.keptLastAdministrator ?? [])
        console.warn(`role grant ${grant}: revoked after the backup, kept as the last administrator's`);
    });

  const apikey = program.command('apikey').description('service-to-service API keys for the case systems');
  apikey
    .command('create <name>')
    .description('create a key; it is printed once and only its hash is stored')
    .action(async (name: string) => {
      const { createApiKey } = await import('./auth/api-keys.ts');
      const { id, key } = await withApp((ctx) => createApiKey(ctx.db, name));
      console.log(`id: ${id}\nkey: ${key}`);
    });
  apikey.command('revoke <id>').action(async (id: string) => {
    const { revokeApiKey } = await import('./auth/api-keys.ts');
    const ok = await withApp((ctx) => revokeApiKey(ctx.db, id, ctx.now(), ctx.ledger));
    console.log(ok ? 'Revoked.' : 'No live key with that id.');
    if (!ok) process.exitCode = 1;
  });

  registerStaffCommands(program);
  registerQmethodCommands(program, async (config) => (await import('./app.ts')).openApp(config));
  registerDispatchCommands(program);

  // The failing command names itself in the message: "brukerstemme import meetings: …".
  let running = 'brukerstemme';
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c; c = c.parent) names.unshift(c.name());
    running = names.join(' ');
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    reportError(running, error);
    process.exitCode = 1;
  }
}
