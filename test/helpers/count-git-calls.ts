import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Runs `run` with a stand-in `git` first on PATH that records each call's arguments and then runs the real git:
 * the git processes dashsync started in this process meanwhile (no timing involved). Each call is its argument line;
 * `batchRequests`: the lines fed to every `git cat-file --batch` (`<commit>:<path>`: each a committed version read).
 */
export async function countGitCalls<T>(run: () => Promise<T>): Promise<{ result: T; calls: string[]; batchRequests: string[] }> {
  const bin = await mkdtemp(join(tmpdir(), 'dashsync-git-stand-in-'));
  try {
    const calls = join(bin, 'calls');
    const requests = join(bin, 'batch-requests');
    const real = (await promisify(execFile)('git', ['--exec-path'])).stdout.trim();
    await writeFile(calls, '');
    await writeFile(requests, '');
    // A pipeline's status is its last command's: git's own.
    const batch = `if [ "$1" = cat-file ] && [ "$2" = --batch ]; then tee -a '${requests}' | '${real}/git' "$@"; exit $?; fi\n`;
    await writeFile(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${calls}'\n${batch}exec '${real}/git' "$@"\n`);
    await chmod(join(bin, 'git'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    let result: T;
    try {
      result = await run();
    } finally {
      process.env.PATH = path;
    }
    const linesOf = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    return { result, calls: await linesOf(calls), batchRequests: await linesOf(requests) };
  } finally {
    await rm(bin, { recursive: true, force: true });
  }
}

/** The git command of a recorded call (`log`, `cat-file` …): its first word that is no option. */
export function gitCommandOf(call: string): string | undefined {
  return call.split(' ').find((word) => !word.startsWith('-') && !word.includes('='));
}
