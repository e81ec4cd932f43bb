import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repository's Dockerfile, read as far as the ops tests need: each stage's instructions, the
 * files copied from the build context, and the runtime (last) stage's environment, user, working
 * folder and command. Handles what the file uses: line continuations, comments, `ENV a=b c=d`,
 * exec-form (JSON) ENTRYPOINT and CMD, `COPY [--from=stage] src… dest`.
 */
export interface Instruction {
  stage: number;
  op: string;
  args: string;
}

export interface Dockerfile {
  instructions: Instruction[];
  /** Sources copied from the build context (not from another stage), in any stage. */
  contextSources: string[];
  /** The runtime stage's. */
  env: Record<string, string>;
  user: string;
  workdir: string;
  command: string[];
  runs: string[];
}

export const repoRoot = join(import.meta.dirname, '../..');

export function dockerfile(): Dockerfile {
  const text = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const instructions: Instruction[] = [];
  let stage = -1;
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (op.toUpperCase() === 'FROM') stage++;
    instructions.push({ stage, op: op.toUpperCase(), args: args.replace(/\s+/g, ' ') });
  }
  const last = instructions.filter((i) => i.stage === stage);
  const env: Record<string, string> = {};
  for (const i of last.filter((i) => i.op === 'ENV'))
    for (const [, key, value] of i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) env[key] = value.replace(/^"|"$/g, '');
  const one = (op: string) => last.filter((i) => i.op === op).at(-1)?.args;
  const json = (op: string) => {
    const args = one(op);
    return args === undefined ? [] : (JSON.parse(args) as string[]);
  };
  const contextSources = instructions
    .filter((i) => i.op === 'COPY' && !/--from=/.test(i.args))
    .flatMap((i) => {
      const words = i.args.split(' ').filter((w) => !w.startsWith('--'));
      return words.slice(0, -1);
    });
  return {
    instructions,
    contextSources,
    env,
    user: one('USER') ?? 'root',
    workdir: one('WORKDIR') ?? '/',
    command: [...json('ENTRYPOINT'), ...json('CMD')],
    runs: last.filter((i) => i.op === 'RUN').map((i) => i.args),
  };
}
