import type { Command } from 'commander';
import type { OutboxEntry } from './transports/outbox.ts';

/** `brukerstemme outbox`: the dev-mode messages (DELIVERY_MODE=outbox), newest first, with their links. */
export function registerDispatchCommands(program: Command): void {
  program
    .command('outbox')
    .description('list the messages in the dev outbox (DATA_DIR/outbox) with their survey links, newest first')
    .option('--json', 'print the messages as JSON')
    .option('--limit <n>', 'show at most n messages', '20')
    .action(async (opts: { json?: boolean; limit: string }) => {
      // Loaded here so that registering the command (every start of the command line) costs nothing.
      const [{ loadConfig }, { readOutbox }] = await Promise.all([import('../core/config.ts'), import('./transports/outbox.ts')]);
      const config = loadConfig();
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        console.error(`--limit must be a whole number of at least 1, not "${opts.limit}"`);
        process.exitCode = 1;
        return;
      }
      const entries = (await readOutbox(config.DATA_DIR)).slice(0, limit);
      process.stdout.write(opts.json ? JSON.stringify(entries, null, 2) + '\n' : formatOutbox(entries, config.DATA_DIR));
    });
}

export function formatOutbox(entries: OutboxEntry[], dataDir: string): string {
  if (entries.length === 0)
    return `The outbox (${dataDir}/outbox) is empty. Invitations are sent a while after each meeting (INVITE_DELAY_MINUTES).\n`;
  const lines: string[] = [];
  for (const e of entries) {
    const channel = e.channel === 'email' ? 'e-mail' : 'SMS';
    lines.push(
      `${e.writtenAt.replace('T', ' ').slice(0, 19)}  ${e.kind === 'invite' ? 'invitation' : e.kind === 'digest' ? 'results digest' : 'reminder'}  ${channel} to ${e.to}  (${e.language})`,
    );
    lines.push(e.kind === 'digest' ? `  results: ${e.surveyLink}` : `  survey:  ${e.surveyLink}`);
    lines.push(e.kind === 'digest' ? `  setting: ${e.optOutLink}` : `  opt-out: ${e.optOutLink}`);
  }
  return lines.join('\n') + '\n';
}
