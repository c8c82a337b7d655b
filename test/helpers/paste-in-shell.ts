import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { CLI_PATH, cleanEnv, collectOutput, runCli, type CliResult } from './run-cli.js';
import { TEST_NODE } from './test-node.js';

/**
 * Runs a printed line in `sh` in `dir`, as a user who pastes it into a terminal: `dashsync` on PATH is the built CLI,
 * logged in to the sandbox; git runs with the repository's own configuration (nothing from the caller's GIT_* variables).
 * `input`: what is typed at the commands' questions (`git checkout -p`'s), one answer a line; `variables`: the shell's
 * own instead of those (undefined: unset); `shell`: the one it is pasted into.
 */
export async function pasteInShell(
  handle: Pick<SandboxHandle, 'url'>,
  dir: string,
  line: string,
  input = '',
  variables: Record<string, string | undefined> = {},
  shell: 'sh' | 'bash' = 'sh',
): Promise<CliResult> {
  expect((await runCli(['--help'])).code).toBe(0); // refuses a dist/ built from other sources than src/
  const bin = await mkdtemp(join(tmpdir(), 'dashsync-bin-'));
  onTestFinished(() => rm(bin, { recursive: true, force: true }));
  await writeFile(join(bin, 'dashsync'), `#!/bin/sh\nexec '${TEST_NODE}' '${CLI_PATH}' "$@"\n`);
  await chmod(join(bin, 'dashsync'), 0o755);
  const env = cleanEnv({ GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...variables, PATH: `${bin}:${process.env.PATH ?? ''}` });
  for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];
  return collectOutput(spawn(shell, ['-c', line], { cwd: dir, env, stdio: 'pipe' }), input);
}
