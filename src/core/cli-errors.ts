/**
 * How the command line reports a failure: one line on stderr (the exit code is set by the caller),
 * and the stack only with `--debug`. Kept free of imports so every command's registration can use
 * it without loading anything.
 */

let debug = false;

/** Set by main from `--debug`. */
export function setDebug(on: boolean): void {
  debug = on;
}

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EADDRINUSE: 'the address is already in use (is Brukerstemme already running? PORT chooses another port)',
  ECONNREFUSED: 'connection refused (is the database running?)',
};

/** The error as one line a user can act on: no stack, no `Error:` prefix, lines joined. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e.code && e.syscall && SYSTEM_ERRORS[e.code]) {
    const subject = e.path ?? (e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : e.syscall);
    return `${subject}: ${SYSTEM_ERRORS[e.code]}`;
  }
  const [first = error.name, ...rest] = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return rest.length === 0 ? first : `${first} ${rest.join('; ')}`;
}

/** Prints `prefix: message` (and with --debug the stack) to stderr. */
export function reportError(prefix: string, error: unknown): void {
  console.error(`${prefix}: ${describeError(error)}`);
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
}
