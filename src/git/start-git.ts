import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { readOnlyGitEnv } from './run-git.js';

/** A git process that only reads (no index refresh, no lock), its stderr drained (listen to it for warnings); null when it cannot start. */
export function startGit(cwd: string, args: string[]): ChildProcessByStdio<Writable, Readable, Readable> | null {
  try {
    const child = spawn('git', args, { cwd, env: readOnlyGitEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    child.stderr.resume();
    // A git that hangs (a lock, a prompt) must not hold the plan.
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', () => clearTimeout(timer));
    return child;
  } catch {
    return null;
  }
}
