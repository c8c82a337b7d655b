import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd?: string;
  /** Added to a clean environment (no GRAFANA_*, DASHSYNC_*, proxy or NODE_EXTRA_CA_CERTS setting from the developer's shell leaks in). */
  env?: Record<string, string | undefined>;
  input?: string;
}

const NETWORK_VARIABLES = /^((https?|no|all)_proxy|NODE_EXTRA_CA_CERTS)$/i;

/** Runs the built CLI (`npm test` builds first) as a user would, and collects its output. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith('GRAFANA_') &&
      !key.startsWith('DASHSYNC_') &&
      !key.startsWith('GITHUB_') &&
      !key.startsWith('INPUT_') &&
      !NETWORK_VARIABLES.test(key)
    ) {
      env[key] = value;
    }
  }
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: options.cwd, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
