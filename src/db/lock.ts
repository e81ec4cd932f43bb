import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same folder sees none of the
 * first one's changes, and its own are lost or break the folder. So the folder is held through a
 * lock file beside it (`<dir>.lock`, created with O_EXCL so exactly one opener wins) that names the
 * holding process; a lock whose process is gone (killed, crashed) is taken over.
 */

export interface LockHolder {
  pid: number;
  host: string;
  /** The holder's command line, so the refusal can say what to stop. */
  command: string;
  since: string;
}

export class DatabaseInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
    const what = holder.command ? `, "${holder.command}"` : '';
    super(
      `the database in ${dir} is in use by a running Brukerstemme (${where}${what}, since ${holder.since}); ` +
        `stop it first, or use the web pages or the API` +
        (holder.host === hostname() ? '' : ` (if that process is gone, delete ${dir}.lock)`),
    );
    this.name = 'DatabaseInUseError';
  }
}

export interface DirLock {
  release(): void;
}

/** Folders this process holds: its own pid in a lock file is then a live holder, not a left-over. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process stays a zombie until its parent reaps it; it holds nothing any more (Linux).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable or half-written (the writer died between create and write): nobody holds it.
    return { pid: 0, host: hostname(), command: '', since: '' };
  }
}

/**
 * Whether a lock file's holder still runs. A pid of this very process that this process does not
 * hold is a left-over from an earlier life (a container restarted with the same pid).
 */
function stale(holder: LockHolder, dir: string): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(resolve(dir));
  return holder.pid <= 0 || !alive(holder.pid);
}

/** Takes the lock on the PGlite folder `dir`, or throws DatabaseInUseError naming its holder. */
export function lockDataDir(dir: string): DirLock {
  const file = `${dir}.lock`;
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: ['brukerstemme', ...process.argv.slice(2)].join(' ').slice(0, 200),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify(me) + '\n');
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
    const holder = readHolder(file);
    if (holder === null) continue; // released in between: try again
    if (!stale(holder, dir)) throw new DatabaseInUseError(dir, holder);
    // Take a dead holder's lock over. Only unlink while it still names that holder, so a lock a
    // competing opener has just taken over is not removed (the window left is a few microseconds).
    if (JSON.stringify(readHolder(file)) === JSON.stringify(holder)) {
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  // By absolute path: ./data/pglite and /srv/x/data/pglite are one folder.
  heldHere.add(resolve(dir));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(resolve(dir));
    process.off('exit', release);
    try {
      // Only our own lock: never one a later opener took over.
      if (readHolder(file)?.pid === process.pid) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  // process.exit() and an error that ends the process skip close(); a kill skips this too, and the
  // next opener finds the holder dead.
  process.on('exit', release);
  return { release };
}
