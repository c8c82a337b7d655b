import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** A git process that only reads (no index refresh, no lock), its stderr ignored; null when it cannot start. */
export function startGit(cwd: string, args: string[]): ChildProcessByStdio<Writable, Readable, null> | null {
  try {
    const child = spawn('git', args, { cwd, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' }, stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true });
    // A git that hangs (a lock, a prompt) must not hold the plan.
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', () => clearTimeout(timer));
    return child;
  } catch {
    return null;
  }
}
