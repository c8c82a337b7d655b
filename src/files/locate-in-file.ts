import { readUtf8FileSync } from './read-utf8-file.js';
import { locateJsonPath } from './parse-json.js';

/**
 * The line:col of the value at `path` in a tree file read again, for a problem found after the read
 * (against Grafana's answers); nothing when the file no longer holds it (or cannot be read).
 */
export function locateInFile(absPath: string, path: (string | number)[], options: { key?: boolean } = {}): { line?: number; col?: number } {
  const read = readUtf8FileSync(absPath, absPath);
  if (read.diagnostic) return {};
  return locateJsonPath(read.text, path, options) ?? {};
}
