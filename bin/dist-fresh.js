// Whether dist/ (scripts/build.mjs) is newer than every file and folder in src/: only then does
// bin/brukerstemme.js run it. Plain JavaScript, so it costs nothing to load before tsx.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * dist/BUILT is written last by the build: the time it was written, then every folder and file of
 * src/ the build saw, one relative path a line. dist/ is fresh while none of them is missing or newer
 * than the stamp. Listing the folders covers what no file's time shows: a source added, deleted or
 * renamed changes its folder's time (a new folder, its parent's). So this equals a walk of src/
 * comparing every time with the stamp, without reading a single folder: one stat a path (some 270).
 * A stamp without the list (an older build) counts as stale.
 */
export function distIsFresh(root = join(import.meta.dirname, '..')) {
  let built, paths;
  const stamp = join(root, 'dist', 'BUILT');
  try {
    built = statSync(stamp).mtimeMs;
    paths = readFileSync(stamp, 'utf8').split('\n');
  } catch {
    return false;
  }
  // Line 1 is the date; a complete list ends with the line `end` (a build cut short leaves no stamp).
  if (paths.length < 3 || paths.at(-2) !== 'end') return false;
  const src = join(root, 'src') + '/';
  for (let i = 1; i < paths.length - 2; i++) {
    const stat = statSync(src + paths[i], { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs > built) return false;
  }
  return true;
}
