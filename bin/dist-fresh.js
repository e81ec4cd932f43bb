// Whether dist/ (scripts/build.mjs) is newer than every file and folder in src/: only then does
// bin/brukerstemme.js run it. Plain JavaScript, so it costs nothing to load before tsx.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function distIsFresh(root = join(import.meta.dirname, '..')) {
  let built;
  try {
    built = statSync(join(root, 'dist', 'BUILT')).mtimeMs;
  } catch {
    return false;
  }
  const src = join(root, 'src');
  // Folders too: a deleted or renamed source changes only its folder's time.
  for (const entry of ['', ...readdirSync(src, { recursive: true })]) {
    if (statSync(join(src, entry)).mtimeMs > built) return false;
  }
  return true;
}
