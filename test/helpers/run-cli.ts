import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SOURCE_DIGEST_FILE, sourceDigest } from '../../scripts/lib/source-digest.mjs';
import { runCli as runCliInProcessOf } from '../../src/cli/run-cli.js';
import { TEST_NODE } from './test-node.js';

export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd?: string;
  /** Added to a clean environment (no GRAFANA_*, DASHSYNC_*, GITHUB_*, INPUT_*, proxy, NODE_EXTRA_CA_CERTS or npx setting from the developer's shell leaks in; progress lines off unless DASHSYNC_PROGRESS_INTERVAL is given here). */
  env?: Record<string, string | undefined>;
  input?: string;
  /** Node's own flags, before the CLI's path (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
}

/**
 * For a run whose requests keep failing where the waits between their sends are not under test (a Grafana gone, a write
 * refused every time): each resend goes at once (src/grafana/http/retry-policy.ts testRetryPolicy), the same sends, the
 * same budget, a server's Retry-After still honoured. Tests of the waits themselves leave it out.
 */
export const NO_RETRY_WAITS = { DASHSYNC_TEST_RETRY_BASE_MS: '0' } as const;

const NETWORK_VARIABLES = /^((https?|no|all)_proxy|NODE_EXTRA_CA_CERTS)$/i;
/** What npx sets (`npx vitest` too): with them a run words its advice `npx dashsync …` (invocationOf), not the `dashsync …` tests expect. */
export const NPX_VARIABLES = ['npm_command', 'npm_lifecycle_event'];

/** The environment a CLI run sees: the caller's minus anything that would configure dashsync or its route, plus NO_COLOR, no progress lines and `extra`. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith('GRAFANA_') &&
      !key.startsWith('DASHSYNC_') &&
      !key.startsWith('GITHUB_') &&
      !key.startsWith('INPUT_') &&
      !NETWORK_VARIABLES.test(key) &&
      !NPX_VARIABLES.includes(key)
    ) {
      env[key] = value;
    }
  }
  env.NO_COLOR = '1';
  // A spawned run slowed past 10 s by a busy machine would otherwise add a progress line to the stderr a test compares.
  env.DASHSYNC_PROGRESS_INTERVAL = '0';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs the built CLI (`npm test` builds first) with TEST_NODE as a user would, and collects its output: for
 * the tests of the shell itself (exit status, signals, start-up). Refuses a dist/ built from other
 * sources than src/ holds, which would test yesterday's code.
 */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  refuseStaleDist();
  return collectOutput(spawn(TEST_NODE, [...(options.nodeArgs ?? []), CLI_PATH, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: 'pipe' }), options.input);
}

/** A spawned process's exit and output, `input` written to its stdin. */
export function collectOutput(child: ChildProcessWithoutNullStreams, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * The same CLI run inside the test process: the command line is parsed and run exactly as
 * the binary does it (src/cli/run-cli.ts), with its own working directory, environment and
 * output streams (not terminals). For everything but the shell itself; far faster than a spawn.
 */
export async function runCliInProcess(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcessOf(args, {
    cwd: options.cwd ?? process.cwd(),
    env: cleanEnv(options.env),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    // No progress line however long the run takes: a test of them ticks its own (test/e2e/apply/ci-log.test.ts).
    progressTicker: () => () => {},
  });
  return { code, signal: null, stdout, stderr };
}

let distChecked = false;

/** Throws when dist/ was built from other sources than src/ holds (checked once per test file); for tests that spawn dist/ themselves. */
export function refuseStaleDist(): void {
  if (distChecked) return;
  const built = readBuiltDigest();
  if (built === undefined) throw new Error(`${SOURCE_DIGEST_FILE} is missing: run npm run build (npm test builds first)`);
  if (built !== sourceDigest(REPO)) {
    throw new Error('dist/ was built from other sources than src/ holds now: the spawned CLI would run stale code. Run npm run build (npm test builds first)');
  }
  distChecked = true;
}

function readBuiltDigest(): string | undefined {
  try {
    return readFileSync(`${REPO}${SOURCE_DIGEST_FILE}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
