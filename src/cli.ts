import { Command } from 'commander';
import { loadConfig, publicUrl, type Config } from './config.ts';
import { openApp, type AppContext } from './app.ts';
import { createApiKey, revokeApiKey } from './auth/api-keys.ts';
import { hasOrganisation, seedDemo } from './demo/seed.ts';
import { importMeetingsFile } from './intake/import-file.ts';
import { importOrgFile, OrgFileError } from './org/file.ts';
import { registerStaffCommands } from './staff/cli.ts';
import { registerQmethodCommands } from './qmethod/cli.ts';
import { registerDispatchCommands } from './dispatch/cli.ts';
import { isQuietHour, rulesFromConfig } from './dispatch/rules.ts';
import { zonedParts } from './time/zone.ts';

export type Role = 'web' | 'worker' | 'all';

/**
 * Runs the web server and/or the background worker in this process. Neither keeps state another
 * node would need, so any number of each can run against one PostgreSQL.
 */
export async function serve(ctx: AppContext, role: Role): Promise<{ stop: () => Promise<void> }> {
  const stops: Array<() => Promise<void>> = [];
  // Loaded here, not at the top: the web pages pull in the design system's React components, a
  // second or more of start-up that the one-shot commands (outbox, qmethod, import, …) do not need.
  if (role === 'web' || role === 'all') {
    const { buildServer } = await import('./web/server.ts');
    const app = await buildServer(ctx);
    await app.listen({ port: ctx.config.PORT, host: ctx.config.HOST });
    stops.push(() => app.close());
  }
  if (role === 'worker' || role === 'all') {
    const { startBackgroundJobs } = await import('./jobs/background.ts');
    const jobs = startBackgroundJobs(ctx);
    stops.push(() => jobs.stop());
  }
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  return { stop };
}

function stopOnSignal(stop: () => Promise<void>, close: () => Promise<void>) {
  const shutdown = async () => {
    await stop();
    await close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function parseRole(value: string): Role {
  if (value !== 'web' && value !== 'worker' && value !== 'all') throw new Error(`--role must be web, worker or all, not "${value}"`);
  return value;
}

function printWelcome(config: Config, demo?: { sampleCounselorId: string; apiKey?: string }) {
  const url = publicUrl(config);
  console.log(`\nBrukerstemme is running at ${url}`);
  if (config.DEV_LOGIN) console.log(`  Log in as a counselor: open ${url}/login and pick an employee (e.g. ${demo?.sampleCounselorId ?? 'the first in the list'}).`);
  if (config.DELIVERY_MODE === 'outbox') console.log('  Invitations go to the dev outbox: run `npx brukerstemme outbox` to see them with their survey links.');
  const rules = rulesFromConfig(config);
  if (isQuietHour(zonedParts(new Date(), rules.timeZone).hour, rules)) {
    console.log(`  It is quiet hours now (${config.QUIET_HOURS_START}:00–${config.QUIET_HOURS_END}:00): invitations wait until ${config.QUIET_HOURS_END}:00 (set QUIET_HOURS_START=QUIET_HOURS_END to send at once).`);
  }
  if (demo?.apiKey) console.log(`  API key for the demo case system (shown once): ${demo.apiKey}`);
  console.log('  Stop with Ctrl+C.\n');
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('brukerstemme').description('Citizen feedback on meetings with NAV counselors');

  program
    .command('start')
    .description('seed the demo on an empty database, then serve web and worker (what `npm start` runs)')
    .action(async () => {
      const config = loadConfig();
      const ctx = await openApp(config);
      let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
      if (!(await hasOrganisation(ctx))) {
        console.log('Empty database: seeding the demo county (this takes a few seconds)…');
        demo = await seedDemo(ctx);
        console.log(`  ${demo.counselors} counselors, ${demo.responses} simulated answers over 12 months, ${demo.freshMeetings} fresh meetings.`);
      }
      const running = await serve(ctx, 'all');
      printWelcome(config, demo ?? { sampleCounselorId: 'demo-v01' });
      stopOnSignal(running.stop, ctx.handle.close);
    });

  program
    .command('serve')
    .description('run the web server and/or the background worker')
    .option('--role <role>', 'web, worker or all', 'all')
    .action(async (opts: { role: string }) => {
      const role = parseRole(opts.role);
      const config = loadConfig();
      const ctx = await openApp(config);
      const running = await serve(ctx, role);
      if (role !== 'worker') printWelcome(config);
      else console.log('Worker running.');
      stopOnSignal(running.stop, ctx.handle.close);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const ctx = await openApp(loadConfig());
      console.log('Database is up to date.');
      await ctx.handle.close();
    });

  program
    .command('demo')
    .description('seed the demo county into an empty database and exit')
    .action(async () => {
      const ctx = await openApp(loadConfig());
      if (await hasOrganisation(ctx)) {
        console.error('The database already has an organisation; the demo is only seeded into an empty one.');
        process.exitCode = 1;
      } else {
        const demo = await seedDemo(ctx);
        console.log(`Seeded ${demo.counselors} counselors and ${demo.responses} answers. API key (shown once): ${demo.apiKey}`);
      }
      await ctx.handle.close();
    });

  const importCommand = program.command('import').description('load data from files');
  importCommand
    .command('org <file>')
    .description('load units and employees from a JSON or CSV file (see README)')
    .action(async (file: string) => {
      const ctx = await openApp(loadConfig());
      try {
        const summary = await importOrgFile(ctx.db, file, ctx.now());
        console.log(JSON.stringify(summary));
      } catch (error) {
        if (!(error instanceof OrgFileError)) throw error;
        console.error(`Nothing imported: ${error.problems.length} problem(s) in ${file}:`);
        for (const problem of error.problems.slice(0, 50)) console.error(`  ${problem}`);
        process.exitCode = 1;
      } finally {
        await ctx.handle.close();
      }
    });
  importCommand
    .command('meetings <file>')
    .description('register meeting events from a CSV file (validated whole before anything is written)')
    .option('--batch-size <n>', 'events per transaction', '1000')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, opts: { batchSize: string; progress: boolean }) => {
      const ctx = await openApp(loadConfig());
      try {
        const result = await importMeetingsFile(ctx, file, { batchSize: Number(opts.batchSize), progress: opts.progress && process.stderr.isTTY });
        if (!result.ok) {
          console.error(`Nothing imported: ${result.errors.length} problem(s) in ${file}:`);
          for (const e of result.errors.slice(0, 50)) console.error(`  line ${e.line}: ${e.field}: ${e.message}`);
          process.exitCode = 1;
        } else {
          console.log(`Imported ${result.total} events: ${result.created} new, ${result.duplicate} already registered, ${result.conflict} conflicting (kept the first).`);
        }
      } finally {
        await ctx.handle.close();
      }
    });

  const apikey = program.command('apikey').description('service-to-service API keys for the case systems');
  apikey
    .command('create <name>')
    .description('create a key; it is printed once and only its hash is stored')
    .action(async (name: string) => {
      const ctx = await openApp(loadConfig());
      const { id, key } = await createApiKey(ctx.db, name);
      console.log(`id: ${id}\nkey: ${key}`);
      await ctx.handle.close();
    });
  apikey
    .command('revoke <id>')
    .action(async (id: string) => {
      const ctx = await openApp(loadConfig());
      const ok = await revokeApiKey(ctx.db, id, ctx.now());
      console.log(ok ? 'Revoked.' : 'No live key with that id.');
      if (!ok) process.exitCode = 1;
      await ctx.handle.close();
    });

  registerStaffCommands(program);
  registerQmethodCommands(program);
  registerDispatchCommands(program);

  await program.parseAsync(argv);
}
