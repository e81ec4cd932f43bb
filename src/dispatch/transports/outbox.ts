import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutgoingMessage, Transport } from './types.ts';

/**
 * Dev-mode delivery: each message becomes a JSON file in DATA_DIR/outbox, named by its idempotency
 * key, written to a temporary name and renamed, so a re-send replaces the file and never adds one.
 */
export interface OutboxEntry extends OutgoingMessage {
  writtenAt: string;
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

export function outboxTransport(dataDir: string, now: () => Date = () => new Date()): Transport {
  const dir = outboxDir(dataDir);
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      const entry: OutboxEntry = { ...message, writtenAt: now().toISOString() };
      const file = join(dir, `${safeName(message.idempotencyKey)}.json`);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(entry, null, 2) + '\n', 'utf8');
      await rename(tmp, file);
    },
  };
}

function safeName(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The outbox, newest first. Files that are not outbox messages are skipped. */
export async function readOutbox(dataDir: string): Promise<OutboxEntry[]> {
  const dir = outboxDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries: OutboxEntry[] = [];
  for (const name of names) {
    try {
      const entry = JSON.parse(await readFile(join(dir, name), 'utf8')) as OutboxEntry;
      if (typeof entry.idempotencyKey === 'string' && typeof entry.writtenAt === 'string') entries.push(entry);
    } catch {
      // A half-written or foreign file is not a message.
    }
  }
  return entries.sort((a, b) => b.writtenAt.localeCompare(a.writtenAt) || a.idempotencyKey.localeCompare(b.idempotencyKey));
}
