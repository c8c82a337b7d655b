import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH, cleanEnv, refuseStaleDist, type CliResult } from './run-cli.js';

/**
 * The built CLI started against the sandbox as admin, for the tests of its signal handling: `child` to send signals to,
 * `stderr()` as printed so far, `onStderr` called with all of it after each chunk, and `closed` with what it printed.
 */
export function spawnInterruptible(
  args: string[],
  options: { cwd: string; url: string; onStderr?: (stderr: string) => void },
): { child: ChildProcess; stderr: () => string; closed: Promise<CliResult> } {
  refuseStaleDist();
  const env = cleanEnv({ GRAFANA_URL: options.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
  const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: options.cwd, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(stderr);
  });
  const closed = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, stderr: () => stderr, closed };
}
