import { Command } from 'commander';
import { loadConfig, publicUrl } from './config.ts';
import { openApp } from './app.ts';
import { buildServer } from './web/server.ts';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('brukerstemme').description('Citizen feedback on meetings with NAV counselors');

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const ctx = await openApp(loadConfig());
      console.log('Database is up to date.');
      await ctx.handle.close();
    });

  program
    .command('serve')
    .description('run the web server and/or the background worker')
    .option('--role <role>', 'web, worker or all', 'all')
    .action(async (opts: { role: string }) => {
      const config = loadConfig();
      const ctx = await openApp(config);
      if (opts.role === 'web' || opts.role === 'all') {
        const app = await buildServer(ctx);
        await app.listen({ port: config.PORT, host: config.HOST });
        console.log(`Brukerstemme is running at ${publicUrl(config)}`);
      }
    });

  await program.parseAsync(argv);
}
