import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NPX_VARIABLES, refuseStaleDist } from '../helpers/run-cli.js';

/** The checkout under test: this test file lives in <repo>/test/check/. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version'], { stdio: 'ignore' }).status === 0;
/** CI (the CI variable set, as on every CI service and in .ci/run's environment) must run the hook, not skip it. */
const IN_CI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';
const NAME = HAS_PRE_COMMIT
  ? 'the pre-commit framework runs the dashsync-check hook of this repository'
  : 'the pre-commit framework (SKIPPED: no `pre-commit` binary on PATH; apt-get install pre-commit)';

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await run('git', ['-c', 'user.name=dashsync test', '-c', 'user.email=test@dashsync.invalid', '-c', 'commit.gpgsign=false', ...args], cwd, cleanGitEnv());
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.output}`);
  return result.output.trim();
}

/** No GIT_DIR & co. leaking in when the suite itself runs inside a git hook. */
function cleanGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_') && !key.startsWith('PRE_COMMIT') && !NPX_VARIABLES.includes(key)) env[key] = value;
  return { ...env, ...extra };
}

/**
 * A committed copy of the checkout's tracked files (as they are in the working tree),
 * so the test needs no particular commit to exist and works on a fresh CI clone.
 * dist/ and node_modules/ are not tracked: pre-commit has to build the package itself.
 */
async function snapshotCheckout(into: string): Promise<string> {
  const listed = await run('git', ['ls-files', '-z'], REPO_ROOT, cleanGitEnv());
  const files = listed.output.split('\0').filter((file) => file !== '' && existsSync(join(REPO_ROOT, file)));
  for (const file of files) {
    await mkdir(dirname(join(into, file)), { recursive: true });
    await copyFile(join(REPO_ROOT, file), join(into, file));
  }
  await git(into, 'init', '-q');
  await git(into, 'add', '-A');
  await git(into, 'commit', '-q', '-m', 'snapshot of the checkout under test');
  return git(into, 'rev-parse', 'HEAD');
}

const dashboard = (uid: string, title: string): string =>
  `${JSON.stringify({ panels: [], schemaVersion: 39, tags: [], title, uid }, null, 2)}\n`;

/** The files `npm pack` puts in the tarball (read from the checkout, nothing built). */
async function packedFiles(): Promise<string[]> {
  const packed = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], REPO_ROOT, cleanGitEnv());
  const json = packed.output.slice(packed.output.indexOf('['), packed.output.lastIndexOf(']') + 1);
  const [pack] = JSON.parse(json) as { files: { path: string }[] }[];
  return pack!.files.map((file) => file.path);
}

describe('the packed package (what pre-commit installs)', () => {
  it('contains the bundled CLI behind the dashsync bin (the check command with it), and not the modules it was bundled from', async () => {
    const files = await packedFiles();
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/cli/index.js', 'dist/cli/tree-reader-worker.js', 'dist/cli/decision-worker.js', 'dist/cli/yargs-locales/de.json']));
    expect(files.some((file) => /^dist\/cli\/bundle-check-.*\.js$/.test(file))).toBe(true);
    const bundled = /^dist\/cli\/(index\.js|tree-reader-worker\.js|decision-worker\.js|bundle-[^/]*\.js|yargs-locales\/[^/]*\.json)$/;
    // docs/: the pages the CLI's messages point at (docs/apply.md …) travel with it (walk-69 L1).
    const pages = /^docs\/[^/]*\.md$/;
    expect(files.filter((file) => pages.test(file))).toEqual(expect.arrayContaining(['docs/apply.md', 'docs/plan.md', 'docs/upgrading.md']));
    expect(files.filter((file) => !bundled.test(file) && !pages.test(file) && !['package.json', 'README.md', 'LICENSE', 'dashsync.schema.json'].includes(file))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(manifest.bin.dashsync).toBe('dist/cli/index.js');
  });

  it('installs nothing more and runs nothing on install: the packed files alone run the CLI, with no node_modules anywhere', async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: object; scripts: Record<string, string> };
    // Every package the CLI uses is in the bundle: a runtime dependency would only make npm download it for nothing.
    expect(manifest.dependencies ?? {}).toEqual({});
    // npm runs these on the user's install (or asks to approve them), where there is nothing to build.
    expect(Object.keys(manifest.scripts).filter((name) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(name))).toEqual([]);

    refuseStaleDist();
    const installed = await mkdtemp(join(tmpdir(), 'dashsync-packed-'));
    try {
      for (const file of await packedFiles()) {
        await mkdir(dirname(join(installed, 'dashsync', file)), { recursive: true });
        await copyFile(join(REPO_ROOT, file), join(installed, 'dashsync', file));
      }
      await mkdir(join(installed, 'repo', 'dashboards'), { recursive: true });
      await writeFile(join(installed, 'repo', 'dashboards', 'cpu.json'), dashboard('platform-cpu', 'CPU'));
      const checked = await run(process.execPath, [join(installed, 'dashsync', 'dist/cli/index.js'), 'check'], join(installed, 'repo'));
      expect([checked.output, checked.code]).toEqual(['check: 1 dashboard, 0 errors, 0 warnings\n', 0]);
    } finally {
      await rm(installed, { recursive: true, force: true });
    }
  });
});

describe.runIf(IN_CI && !HAS_PRE_COMMIT)('the pre-commit framework in CI', () => {
  it('is installed (CI runs the hook end to end; .ci/run installs the Debian pre-commit package)', () => {
    expect.fail('no `pre-commit` binary on PATH although CI is set: install it (apt-get install pre-commit), or the hook goes untested');
  });
});

describe.skipIf(!HAS_PRE_COMMIT)(NAME, () => {
  const temporary: string[] = [];
  afterAll(async () => {
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('installs the hook from the packed package, fails a commit with a broken dashboard, passes it once fixed', async () => {
    const work = await mkdtemp(join(tmpdir(), 'dashsync-pre-commit-'));
    temporary.push(work);
    const hookRepo = join(work, 'dashsync');
    const userRepo = join(work, 'grafana-dashboards');
    await mkdir(hookRepo);
    await mkdir(join(userRepo, 'dashboards', 'platform'), { recursive: true });
    const rev = await snapshotCheckout(hookRepo);

    await git(userRepo, 'init', '-q');
    await writeFile(
      join(userRepo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: dashsync-check\n`,
    );
    await writeFile(join(userRepo, 'dashboards', 'platform', 'cpu.json'), dashboard('platform-cpu', 'CPU'));
    await git(userRepo, 'add', '-A');
    await git(userRepo, 'commit', '-q', '-m', 'existing dashboards');

    // Staged: a dashboard reusing the uid of one that is not staged, and a JSON file that is no dashboard.
    await writeFile(join(userRepo, 'dashboards', 'platform', 'memory.json'), dashboard('platform-cpu', 'Memory'));
    await writeFile(join(userRepo, 'package.json'), '{ "name": "not-a-dashboard" }\n');
    // A file named like an option is a file name (yargs' dot notation read `--fix.json` as --fix: files were rewritten).
    await writeFile(join(userRepo, '--fix.json'), '{ "a": 1 }\n');
    const withId = `${JSON.stringify({ id: 5, panels: [], schemaVersion: 39, tags: [], title: 'Disk', uid: 'platform-disk' }, null, 2)}\n`;
    await writeFile(join(userRepo, 'dashboards', 'platform', 'disk.json'), withId);
    await git(userRepo, 'add', '-A');
    // pre-commit's install runs `npm install` in the hook's clone (the lockfile names no tarball URLs): the packages are in
    // npm's cache since the suite's own install, so it need not ask the registry whether each is still current (measured:
    // that install 40–47 → 29–33 s wall at load 15), nor audit them. What is installed and built is the same.
    const npm = { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
    const env = cleanGitEnv({ PRE_COMMIT_HOME: join(work, 'pre-commit-home'), ...npm });

    const failing = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);

    expect(failing.output).toContain('- hook id: dashsync-check');
    expect(failing.output).toContain(
      'dashboards/platform/memory.json:6:10: error: uid "platform-cpu" is also used by dashboards/platform/cpu.json: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one); git held dashboards/platform/cpu.json first, so this file is the copy (uid-duplicate)',
    );
    expect(failing.output).toContain('check: 2 dashboards, 1 error, 1 warning');
    expect(failing.output).not.toContain('fixed');
    expect(await readFile(join(userRepo, 'dashboards', 'platform', 'disk.json'), 'utf8')).toBe(withId);
    expect(failing.code).toBe(1);

    await writeFile(join(userRepo, 'dashboards', 'platform', 'memory.json'), dashboard('platform-memory', 'Memory'));
    await git(userRepo, 'add', '-A');

    const passing = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);

    expect(passing.output).toMatch(/dashsync check \(Grafana dashboards\)\.+Passed/);
    expect(passing.code).toBe(0);

    // walk-73 M3: a scratch copy git never held (never staged, so in no commit) shares a staged dashboard's uid: the commit
    // passes with a warning naming the copy and the step that settles it.
    await writeFile(join(userRepo, 'dashboards', 'platform', 'cpu-scratch.json'), dashboard('platform-cpu', 'CPU scratch'));
    await writeFile(join(userRepo, 'dashboards', 'platform', 'cpu.json'), dashboard('platform-cpu', 'CPU v3'));
    await git(userRepo, 'add', 'dashboards/platform/cpu.json');
    const scratch = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(scratch.output).toMatch(/dashsync check \(Grafana dashboards\)\.+Passed/);
    expect(scratch.output).toContain(
      'dashboards/platform/cpu.json:6:10: warning: uid "platform-cpu" is also used by dashboards/platform/cpu-scratch.json, which is not in git, so not in this commit: ' +
        'before you commit it, give it another uid (delete its "uid" line, then run check --fix), or move it out of dashboards/ (uid-duplicate)',
    );
    // Counted as a warning, beside disk.json's id (still staged).
    expect(scratch.output).toContain('check: 3 dashboards, 0 errors, 2 warnings');
    expect(scratch.code).toBe(0);
    // Staged, the copy is in the commit: the clash fails it, as any other.
    await git(userRepo, 'add', 'dashboards/platform/cpu-scratch.json');
    const staged = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(staged.output).toMatch(/dashboards\/platform\/cpu-scratch\.json:6:10: error: uid "platform-cpu" is also used by dashboards\/platform\/cpu\.json: .*git held dashboards\/platform\/cpu\.json first, so this file is the copy \(uid-duplicate\)/);
    expect(staged.code).toBe(1);
    await git(userRepo, 'rm', '-q', '--cached', 'dashboards/platform/cpu-scratch.json');
    await rm(join(userRepo, 'dashboards', 'platform', 'cpu-scratch.json'));

    // A commit of the config alone is checked against the whole tree: an environment's typo'd include fails it.
    const config = (include: string) => JSON.stringify({ root: 'dashboards', prune: 'folders', environments: { production: { url: 'https://grafana.example.com', include: [include] } } });
    await git(userRepo, 'commit', '-q', '-m', 'dashboards');
    await writeFile(join(userRepo, 'dashsync.config.json'), config('platfrom'));
    await git(userRepo, 'add', 'dashsync.config.json');
    const typo = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(typo.output).toContain('dashsync.config.json:1:116: error: environment "production"\'s include in dashsync.config.json (platfrom) selects no dashboard or library panel file below dashboards');
    expect(typo.code).toBe(1);
    await writeFile(join(userRepo, 'dashsync.config.json'), config('platform'));
    await git(userRepo, 'add', 'dashsync.config.json');
    const fixedTypo = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(fixedTypo.output).toMatch(/dashsync check \(Grafana dashboards\)\.+Passed/);

    // walk-through 16 M-1: a warning passes the commit, and pre-commit shows it (the hook is verbose): a dashboard no
    // environment selects, with prune off everywhere (M-2), which nothing would ever deploy.
    await git(userRepo, 'commit', '-q', '-m', 'config');
    await writeFile(join(userRepo, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', environments: { production: { url: 'https://grafana.example.com', include: ['platform'] } } }));
    await mkdir(join(userRepo, 'dashboards', 'sandbox-team'));
    await writeFile(join(userRepo, 'dashboards', 'sandbox-team', 'new.json'), dashboard('sandbox-new', 'New'));
    await git(userRepo, 'add', '-A');
    const warned = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(warned.output).toMatch(/dashsync check \(Grafana dashboards\)\.+Passed/);
    expect(warned.output).toContain(
      "dashsync.config.json:1:22: warning: no environment selects dashboards/sandbox-team/new.json: nothing deploys it; add it to an environment's include in dashsync.config.json, " +
        "or, to leave it undeployed on purpose, to an environment's exclude (selected-by-no-environment)",
    );
    expect(warned.code).toBe(0);
    await git(userRepo, 'commit', '-q', '-n', '-m', 'unselected dashboard');

    // audit-ux-20 M-3: a deleted file is never passed; the hook runs all the same (always_run) and checks the whole tree.
    await mkdir(join(userRepo, 'dashboards', 'platform', '_library'));
    await writeFile(join(userRepo, 'dashboards', 'platform', '_library', 'requests.json'), `${JSON.stringify({ kind: 1, model: { title: 'Requests', type: 'timeseries' }, name: 'Requests', uid: 'lp-req' }, null, 2)}\n`);
    const usesPanel = { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, libraryPanel: { name: 'Requests', uid: 'lp-req' } }], schemaVersion: 39, tags: [], title: 'Requests', uid: 'platform-requests' };
    await writeFile(join(userRepo, 'dashboards', 'platform', 'requests.json'), `${JSON.stringify(usesPanel, null, 2)}\n`);
    await git(userRepo, 'add', '-A');
    await git(userRepo, 'commit', '-q', '-n', '-m', 'library panel');
    await git(userRepo, 'rm', '-q', 'dashboards/platform/_library/requests.json');
    const removed = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(removed.output).toContain('note: this commit removes dashboards/platform/_library/requests.json from the tree: the whole tree is checked');
    expect(removed.output).toMatch(/dashboards\/platform\/requests\.json:\d+:\d+: error: uses library panel "lp-req", whose file dashboards\/platform\/_library\/requests\.json this commit removes: keep it \(`git restore --staged --worktree -- dashboards\/platform\/_library\/requests\.json`\), or remove its use from this dashboard/);
    expect(removed.code).toBe(1);
    await git(userRepo, 'reset', '-q', 'HEAD', '--', 'dashboards/platform/_library/requests.json');
    await git(userRepo, 'checkout', '--', 'dashboards/platform/_library/requests.json');

    // L-7: a staged Git Sync YAML dashboard reaches the hook (its warning shows); a commit of no tree file reads nothing.
    await writeFile(join(userRepo, 'dashboards', 'platform', 'latency.yaml'), 'apiVersion: dashboard.grafana.app/v1beta1\nkind: Dashboard\nmetadata:\n  name: gitsync-latency\nspec:\n  title: Latency\n');
    await git(userRepo, 'add', '-A');
    const yaml = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(yaml.output).toContain('dashboards/platform/latency.yaml: warning: not read: a YAML Dashboard resource (uid "gitsync-latency")');
    expect(yaml.output).toMatch(/dashsync check \(Grafana dashboards\)\.+Passed/);
    await git(userRepo, 'commit', '-q', '-n', '-m', 'yaml');
    await writeFile(join(userRepo, 'NOTES.md'), 'notes\n');
    await git(userRepo, 'add', 'NOTES.md');
    const unrelated = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(unrelated.output).toMatch(/dashsync check \(Grafana dashboards\)\.+Passed/);
    expect(unrelated.output).toContain('check: 0 dashboards, 0 errors, 0 warnings');
    await git(userRepo, 'commit', '-q', '-n', '-m', 'notes');

    // rev-71 L2: a library panel renamed, its file staged alone. The hook shows the stale names in the dashboards that use
    // it (not staged), counts them, and gives the run that rewrites them: a commit with args: [--fix] rewrites only the
    // staged panel. That run, pasted into a shell (a file name with a space in it), rewrites both.
    await writeFile(join(userRepo, 'dashboards', 'platform', 'cpu one.json'), `${JSON.stringify({ ...usesPanel, title: 'CPU one', uid: 'platform-cpu-one' }, null, 2)}\n`);
    await git(userRepo, 'add', '-A');
    await git(userRepo, 'commit', '-q', '-n', '-m', 'second user of the panel');
    await writeFile(join(userRepo, 'dashboards', 'platform', '_library', 'requests.json'), `${JSON.stringify({ kind: 1, model: { title: 'Requests', type: 'timeseries' }, name: 'Requests (API)', uid: 'lp-req' }, null, 2)}\n`);
    await git(userRepo, 'add', 'dashboards/platform/_library/requests.json');
    const renamed = await run('pre-commit', ['run', '--color', 'never'], userRepo, env);
    expect(renamed.output).toMatch(/dashsync check \(Grafana dashboards\)\.+Passed/);
    expect(renamed.output).toContain('check: 0 dashboards, 1 library panel, 2 unstaged dashboards using a staged library panel, 0 errors, 2 warnings');
    const users = "'dashboards/platform/cpu one.json' dashboards/platform/requests.json";
    const advice = `add args: [--fix] to the dashsync-check hook in .pre-commit-config.yaml and run pre-commit run dashsync-check --files ${users} (it rewrites them`;
    expect(renamed.output).toContain(`the warnings above that check --fix rewrites are in 2 files this commit does not stage, which a commit does not rewrite: ${advice}`);
    expect(renamed.output).toContain(`or run dashsync check --fix ${users} where dashsync is installed`);
    await writeFile(
      join(userRepo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: dashsync-check\n        args: [--fix]\n`,
    );
    const pasted = await run('sh', ['-c', /(pre-commit run dashsync-check --files .*?) \(it rewrites them/.exec(renamed.output)![1]!], userRepo, env);
    expect(pasted.output).toContain('- files were modified by this hook');
    for (const user of ['cpu one.json', 'requests.json']) expect(await readFile(join(userRepo, 'dashboards', 'platform', user), 'utf8')).toContain('"name": "Requests (API)"');
    await git(userRepo, 'add', '-A');
    await git(userRepo, 'commit', '-q', '-n', '-m', 'panel renamed');

    // The hook's args still are options: --fix rewrites, and pre-commit fails the run for the modified file.
    await writeFile(
      join(userRepo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: dashsync-check\n        args: [--fix, --root, dashboards]\n`,
    );
    await git(userRepo, 'add', '-A');

    const fixing = await run('pre-commit', ['run', '--color', 'never', '--all-files'], userRepo, env);

    expect(fixing.output).toContain('fixed dashboards/platform/disk.json: removed id');
    expect(fixing.output).toContain('- files were modified by this hook');
    expect(fixing.code).toBe(1);
  }, 600_000);
});
