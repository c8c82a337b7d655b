import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import fg from 'fast-glob';

/**
 * The include patterns fast-glob can walk: it walks each task (its patterns grouped by the directory they start
 * in) from that directory, and one that is a file (`team/a.json/**`, or a path below one) fails the whole walk
 * with ENOTDIR. Such a task selects nothing below a file, as a missing directory selects nothing (fast-glob passes
 * over ENOENT), so it is left out and the selection says it matched nothing. `patterns` as they are when every task
 * starts in a directory (one stat per task); else the walkable tasks' patterns. A task starting at the root (`.`),
 * where fast-glob groups every pattern once one of them starts there, is never left out: what it picks stays the walk's.
 */
export async function readWalkablePatterns(patterns: string[], options: fg.Options & { cwd: string }): Promise<string[]> {
  const tasks = fg.generateTasks(patterns, options);
  const walkable = await Promise.all(tasks.map((task) => (task.base === '.' ? true : startsInDirectory(resolve(options.cwd, task.base)))));
  if (walkable.every(Boolean)) return patterns;
  return tasks.filter((_, index) => walkable[index]).flatMap((task) => task.positive);
}

/** false only for a path that is a file, or below one; a missing path or any other failure is the walk's to meet. */
async function startsInDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}
