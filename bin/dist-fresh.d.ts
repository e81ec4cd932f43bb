/** Whether dist/ is newer than every file and folder in src/ (see dist-fresh.js). */
export function distIsFresh(root?: string): boolean;
