// `npm test`: the type-check, ESLint and Prettier side by side (each is one process on one core, and
// together they took a minute one after another), then vitest with any arguments given. Each check's
// output is printed whole when it ends; any failure stops before vitest, with exit code 1.
import { spawn } from 'node:child_process';

const checks = [
  ['type-check', 'tsc', ['--noEmit']],
  ['eslint', 'eslint', ['.']],
  ['prettier', 'prettier', ['--check', '.', '--log-level', 'warn']],
];

function run(command, args, stdio) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['--no-install', command, ...args], { stdio, shell: false });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const results = await Promise.all(checks.map(([, command, args]) => run(command, args, ['ignore', 'pipe', 'pipe'])));
let failed = false;
for (const [i, { code, output }] of results.entries()) {
  if (output.trim()) process.stdout.write(output);
  if (code !== 0) {
    failed = true;
    console.error(`npm test: ${checks[i][0]} failed (exit code ${code})`);
  }
}
if (failed) process.exit(1);
const vitest = await run('vitest', ['run', ...process.argv.slice(2)], 'inherit');
process.exit(vitest.code ?? 1);
