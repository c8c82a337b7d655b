import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** Whether this Node has module.enableCompileCache (22.8 and later; this machine's Node 20 has not). */
const NODE_HAS_COMPILE_CACHE = typeof (nodeModule as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** `dashsync --version` with its own home directory, under whose ~/.cache the CLI keeps its compile cache. */
async function versionRun(env: Record<string, string | undefined>) {
  const tmp = await mkdtemp(join(tmpdir(), 'dashsync-compile-cache-'));
  onTestFinished(() => rm(tmp, { recursive: true, force: true }));
  const result = await runCli(['--version'], {
    env: { HOME: tmp, TMPDIR: tmp, XDG_CACHE_HOME: undefined, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined, ...env },
  });
  // Never Node's default under the shared temporary directory: any user can write there.
  expect(existsSync(join(tmp, 'node-compile-cache'))).toBe(false);
  return { result, cacheWritten: existsSync(join(tmp, '.cache', 'dashsync', 'node-compile-cache')) };
}

// The CLI's entry turns on Node's module compile cache where Node has it (src/cli/compile-cache.ts).
describe("the built CLI and Node's module compile cache", () => {
  it('writes the cache only on a Node that has it, and runs the same with it off (NODE_DISABLE_COMPILE_CACHE=1)', async () => {
    const on = await versionRun({});
    const off = await versionRun({ NODE_DISABLE_COMPILE_CACHE: '1' });

    expect(on.result).toEqual(off.result);
    expect(on.result.code).toBe(0);
    expect(on.result.stderr).toBe('');
    // On Node 20 nothing is written anywhere: the run is the one it was before.
    expect(on.cacheWritten).toBe(NODE_HAS_COMPILE_CACHE);
    expect(off.cacheWritten).toBe(false);
  });
});
