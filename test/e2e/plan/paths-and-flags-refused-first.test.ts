import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { withoutRoot } from '../../helpers/without-root.js';
import { copyFixture, dashsync } from './plan-fixture.js';

vi.setConfig({ testTimeout: 180_000 });

// walk-72 L7, L8, L9 (fixa-73): a plan file that cannot be saved, a path that names a directory or a file that cannot be read, a
// flag without its value or given twice: each is one line saying what to do, before any request reaches Grafana.
describe('paths and flags refused before any request', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion: '12' });
  });
  afterAll(() => sandbox.close());

  /** The run in the fixture `dir`, with the number of requests the sandbox saw. */
  async function run(dir: string, args: string[]) {
    sandbox.clearRequests();
    const result = await dashsync(sandbox, dir, args);
    return { code: result.code, stdout: result.stdout, stderr: result.stderr, requests: sandbox.requests().length };
  }

  it('plan --out over a file that is no plan, over a directory, or where it cannot be written: refused before the plan reads Grafana', async () => {
    const dir = await copyFixture('basic');
    await writeFile(join(dir, 'notes.txt'), 'my notes\n');
    expect(await run(dir, ['plan', '--out', 'notes.txt'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: notes.txt exists and is not a dashsync plan, so it was not overwritten; save the plan elsewhere, e.g. --out plan.json\n',
      requests: 0,
    });
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');

    await mkdir(join(dir, 'plans'));
    expect(await run(dir, ['plan', '--out', 'plans'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot write the plan to plans: it is a directory; name a file, e.g. --out plans/plan.json\n',
      requests: 0,
    });

    // A path ending in a slash names a directory: no file of that name is written (walk-73).
    expect(await run(dir, ['plan', '--out', 'new-plans/'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: cannot write the plan to new-plans/: it ends in /, as a directory's name does; name a file, e.g. --out new-plans/plan.json\n",
      requests: 0,
    });
    expect(await stat(join(dir, 'new-plans')).catch((error: NodeJS.ErrnoException) => error.code)).toBe('ENOENT');

    await mkdir(join(dir, 'locked'));
    await chmod(join(dir, 'locked'), 0o555);
    const locked = await withoutRoot(dir, () => run(dir, ['plan', '--out', 'locked/sub/plan.json']));
    expect(locked).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot write the plan to locked/sub/plan.json: permission denied (EACCES) in locked; save the plan elsewhere, e.g. --out plan.json\n',
      requests: 0,
    });

    // A path it can write: planned and saved as before.
    const saved = await run(dir, ['plan', '--out', 'plans/plan.json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toContain('Saved the plan to plans/plan.json');
  });

  it('apply of a directory or an unreadable plan file, --config naming a directory: one line with what to do', async () => {
    const dir = await copyFixture('basic');
    await mkdir(join(dir, 'plans'));
    await writeFile(join(dir, 'plans/production.plan.json'), '{}');
    expect(await run(dir, ['apply', 'plans'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot read plan file plans: it is a directory, not a plan file; name the plan file in it, e.g. dashsync apply plans/production.plan.json; nothing was applied\n',
      requests: 0,
    });

    expect((await run(dir, ['plan', '--out', 'plan.json'])).code).toBe(0);
    await chmod(join(dir, 'plan.json'), 0o600);
    const unreadable = await withoutRoot(dir, () => run(dir, ['apply', 'plan.json']));
    expect(unreadable).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot read plan file plan.json: permission denied (EACCES); make it readable by the user running dashsync; nothing was applied\n',
      requests: 0,
    });

    await mkdir(join(dir, 'config'));
    expect(await run(dir, ['plan', '--config', 'config'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: config: it is a directory, not a config file: name the config file itself (e.g. config/dashsync.config.json)\n',
      requests: 0,
    });
  });

  // fixr-74: one table of reasons serves reads and writes: the same code is said in the same words either way.
  it('a file name longer than the system allows: the same words reading a plan file and writing one', async () => {
    const dir = await copyFixture('basic');
    const long = `${'p'.repeat(300)}.json`;
    const tooLong = 'its path is longer than this system allows (ENAMETOOLONG)';
    expect(await run(dir, ['apply', long])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot read plan file ${long}: ${tooLong}; shorten the names on it, or nest it less deeply; nothing was applied\n`,
      requests: 0,
    });
    expect(await run(dir, ['plan', '--out', long])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot write the plan to ${long}: ${tooLong}; save the plan elsewhere, e.g. --out plan.json\n`,
      requests: 0,
    });
  });

  it('--include or --exclude without a value, and a flag of one value given twice, on any command', async () => {
    const dir = await copyFixture('basic');
    for (const [args, line] of [
      [['plan', '--include'], 'error: --include needs a value\n'],
      [['plan', '--exclude', '--prune'], 'error: --exclude needs a value\n'],
      [['check', '--include'], 'error: --include needs a value\n'],
      [['apply', '--format', 'text', '--format', 'json'], 'error: --format was given 2 times: it takes one value; give it once\n'],
      [['plan', '--timeout', '5', '--timeout', '6'], 'error: --timeout was given 2 times: it takes one value; give it once\n'],
      [['plan', '--url', sandbox.url, '--url', `${sandbox.url}/`], 'error: --url was given 2 times: it takes one value; give it once\n'],
      [['check', '--root', 'dashboards', '--root=dashboards'], 'error: --root was given 2 times: it takes one value; give it once\n'],
      [['apply', '--env', 'a', '--env', 'b'], 'error: --env was given 2 times: this command runs against one environment; only plan takes several\n'],
    ] as const) {
      expect(await run(dir, [...args]), args.join(' ')).toEqual({ code: 1, stdout: '', stderr: line, requests: 0 });
    }
    // Flags that take several values take them as before.
    const selected = await run(dir, ['plan', '--include', 'apps/**', '--include', 'infra/**', '--format', 'json']);
    expect(selected.code, selected.stderr).toBe(0);
  });
});
