import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startRewritingProxy } from '../../helpers/rewriting-proxy.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, readJson, writes } from '../apply/workspace.js';
import { DASHBOARD_DIGESTS, digestActions } from '../../../src/plan/action-digests.js';

vi.setConfig({ testTimeout: 60_000 });

const HOSTILE_VERSION = 'v1beta1<img/src=x/onerror=alert(1)>|**@octocat**';

/** The markdown's "Target:" line (the PR comment's and the job summary's third line). */
const targetLine = (markdown: string) => markdown.split('\n').find((line) => line.startsWith('Target: '));

describe('the plan markdown\'s "Target:" line holds nothing from outside raw', () => {
  it('a /apis discovery naming a version no Kubernetes server can have: the version is not taken (the next v1 one is), not shown, never in a request path', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    // Not Grafana: a server at its address whose discovery names a hostile version of the dashboard group, as preferred.
    const answer = (body: string, path: string) => {
      if (path !== '/apis') return body;
      const list = JSON.parse(body) as { groups: { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion: { groupVersion: string; version: string } }[] };
      for (const group of list.groups.filter((candidate) => candidate.name === 'dashboard.grafana.app')) {
        // In place of the write version (v1beta1), which the hostile one would otherwise be chosen as.
        const hostile = { groupVersion: `${group.name}/${HOSTILE_VERSION}`, version: HOSTILE_VERSION };
        group.versions = group.versions.map((entry) => (entry.version === 'v1beta1' ? hostile : entry));
        group.preferredVersion = hostile;
      }
      return JSON.stringify(list);
    };
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path, answer });
    const workspace = await exampleWorkspace(sandbox);

    const plan = await workspace.cli(['plan', '--api', 'k8s', '--format', 'markdown'], { GRAFANA_URL: proxy.url });
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    expect(targetLine(plan.stdout)).toMatch(/ through \/apis \(dashboard\.grafana\.app\/v0alpha1\) · Grafana /);
    expect(plan.stdout).not.toContain('<img');
    expect(plan.stdout).not.toContain('@octocat');
    expect(sandbox.requests().filter((entry) => entry.path.includes('onerror'))).toEqual([]);
  });

  it('a saved plan edited by hand: an org id that is not one is refused on load; a write version is escaped in the markdown', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--api', 'k8s', '--out', 'plan.json'])).code).toBe(0);
    const plan = await readJson(join(workspace.dir, 'plan.json'));

    const orgId = '1)<img src=x> **@octocat**\n\n# HEADING\n::error::fromplan';
    await writeFile(join(workspace.dir, 'org.json'), JSON.stringify({ ...plan, target: { ...plan.target, orgId } }));
    const refused = await workspace.cli(['show', 'org.json', '--format', 'markdown']);
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toBe('error: org.json is not a valid dashsync plan: target.orgId and target.credentialsOrgId must be org ids (positive integers) or null; re-run dashsync plan --out org.json\n');
    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', 'org.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('target.orgId and target.credentialsOrgId must be org ids');
    expect(writes(sandbox)).toEqual([]);

    const write = plan.actions.find((action: { write?: unknown }) => action.write !== undefined).write;
    write.apiVersion = 'v1<b>bold</b>\n::error::x';
    // Its digests made again, as a plan carrying such a version would hold them: what is tested is the markdown's escaping.
    plan.dashboardActionsSha256 = digestActions(DASHBOARD_DIGESTS, plan.actions);
    await writeFile(join(workspace.dir, 'version.json'), JSON.stringify(plan));
    const shown = await workspace.cli(['show', 'version.json', '--format', 'markdown']);
    expect(shown.code).toBe(0);
    expect(targetLine(shown.stdout)).toContain('v1&lt;b&gt;bold&lt;/b&gt;\\\\n::error::x');
    expect(shown.stdout).not.toMatch(/^::error::/m);
    expect(await readFile(join(workspace.dir, 'version.json'), 'utf8')).toContain('::error::x');
  });
});
