import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleWorkspace } from '../e2e/apply/workspace.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
/** The Grafana the README's examples name (the sandbox listens on a port of its own). */
const README_URL = 'http://localhost:3000';
const BEFORE = String.raw`"sum(rate(http_requests_total{cluster=~\"$cluster\"}[5m]))"`;
const AFTER = String.raw`"sum(rate(http_requests_total{cluster=~\"$cluster\"}[1m]))"`;

/** The text between `start` and the next `end` after it, in the README's Plan section. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`README.md: the Plan section's example no longer has ${JSON.stringify(start)} … ${JSON.stringify(end)}`);
  return text.slice(from + start.length, to);
}

function git(dir: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };
  const result = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * README "Plan" calls its three examples real output of one setup: this repository's tree applied
 * to a Grafana 12 sandbox, then one commit changing one query. This runs that setup and compares.
 */
describe("README's plan example", () => {
  it('is what plan prints for its setup: the text and the markdown whole, the JSON target, summary and changed dashboard', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox, { resources: true });
    git(workspace.dir, 'init', '-q');
    git(workspace.dir, 'add', '-A');
    git(workspace.dir, 'commit', '-q', '-m', 'dashboards');
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    const file = join(workspace.dir, 'dashboards/platform-overview.json');
    const model = await readFile(file, 'utf8');
    expect(model.split(BEFORE)).toHaveLength(2);
    await writeFile(file, model.replace(BEFORE, AFTER));
    git(workspace.dir, 'commit', '-q', '-a', '-m', 'Overview: 1m request rate');
    const sha = git(workspace.dir, 'rev-parse', 'HEAD');
    const readme = (await readFile(README, 'utf8')).replaceAll(README_URL, sandbox.url);
    const readmeSha = /commit `([0-9a-f]{12})`/.exec(between(readme, '````markdown\n', '\n````'))![1]!;

    const text = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(text.stdout).toBe(`${between(readme, '$ dashsync plan --detailed-exitcode\n', '$ echo $?\n')}`);
    expect(`${text.code}`).toBe(between(readme, '$ echo $?\n', '\n'));

    const markdown = await workspace.cli(['plan', '--format', 'markdown']);
    expect(markdown.stdout.trimEnd()).toBe(between(readme, '````markdown\n', '\n````').replace(readmeSha, sha.slice(0, 12)));

    const json = await workspace.cli(['plan', '--format', 'json']);
    const plan = JSON.parse(json.stdout);
    const quoted = JSON.parse(between(readme, "select(.action != \"noop\")], warnings, summary}'\n```\n```json\n", '\n```'));
    expect(plan.target).toEqual(quoted.target);
    expect(plan.summary).toEqual(quoted.summary);
    expect(plan.warnings).toEqual(quoted.warnings);
    const changed = plan.dashboards.filter((dashboard: { action: string }) => dashboard.action !== 'noop');
    expect(changed.map(({ live: _live, ...rest }: { live: unknown }) => rest)).toEqual(quoted.dashboards.map(({ live: _live, ...rest }: { live: unknown }) => rest));
    expect(Object.keys(changed[0].live)).toEqual(Object.keys(quoted.dashboards[0].live));
  });
});
