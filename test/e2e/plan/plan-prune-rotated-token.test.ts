import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, lines, saveLive, seedLive, writeJson } from './plan-fixture.js';

/**
 * review-63b L7: the basic tree (`"api": "legacy"`) on Grafana 12, and `gone`, which dashsync created with other
 * credentials than the ones it plans with now (a token rotated since: another service account), with a message that
 * carries dashsync's marker but no content note (a release before notes, or a push whose saver dashsync could not name);
 * its file is removed since. `edited`: dave saved it in Grafana after that push.
 */
async function prunedAfterRotation(handle: SandboxHandle, { edited }: { edited: boolean }): Promise<{ dir: string; token: string }> {
  const dir = await copyFixture('basic');
  await seedLive(handle, dir);
  await writeJson(dir, 'dashboards/infra/gone.json', { uid: 'gone', title: 'Gone', panels: [] });
  await commitAll(dir, 'with gone');
  const before = bearerHeaders(await handle.createToken('Editor'));
  await saveLive(handle, { uid: 'gone', title: 'Gone', panels: [] }, 'infra', 'dashsync: abc123 gone', before);
  if (edited) expect((await apiRequest(handle, 'POST', '/__sandbox/ui-edit', { uid: 'gone', user: 'dave', spec: { description: 'tuned' } })).status).toBe(200);
  await git(dir, 'rm', '-q', 'dashboards/infra/gone.json');
  await commitAll(dir, 'gone leaves');
  return { dir, token: await handle.createToken('Editor') };
}

// Grafana 11.2 through /api, 13 through /apis: the delete's line says whose it is. 12 through /api holds it instead (own-63:
// there prune deletes only dashboards dashsync saved last), so neither words reach its plan.
describe.each([
  { grafanaVersion: '11.2' as const, api: 'legacy' },
  { grafanaVersion: '13' as const, api: 'auto' },
])('prune on Grafana $grafanaVersion (api $api) of a dashboard dashsync created with credentials rotated since, its message without a content note', ({ grafanaVersion, api }) => {
  it('with an edit made in Grafana since: the delete warns of that edit (dashsync pushed an earlier version), never "made in Grafana, never pushed by dashsync"', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, token } = await prunedAfterRotation(handle, { edited: true });

    const result = await dashsync(handle, dir, ['plan', '--prune', '--api', api], { kind: 'token', token });

    expect(result.stdout).not.toContain('never pushed by dashsync');
    const drift = lines(result.stdout).find((line) => line.includes('! drift: gone '));
    expect(drift).toMatch(/^  ! drift: gone "Gone" was last saved in Grafana by dave at \S+ \(version 2\), not by dashsync, which pushed an earlier version; the plan deletes it/);
  });

  it('without one: the delete does not call the push of dashsync\'s former credentials someone else\'s, made in Grafana', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, token } = await prunedAfterRotation(handle, { edited: false });

    const result = await dashsync(handle, dir, ['plan', '--prune', '--api', api], { kind: 'token', token });

    expect(lines(result.stdout)).toContain('- delete        "Gone" (uid gone, live version 1) in "Infrastructure"; no file in the tree (backed up before delete)');
    expect(result.stdout).not.toContain('never pushed by dashsync');
    expect(result.stdout).not.toContain('! drift: gone');
  });
});

describe('the same on Grafana 12 through /api', () => {
  it('holds the delete, edited or not: prune under api "legacy" deletes only dashboards dashsync saved last (own-63)', async () => {
    for (const edited of [true, false]) {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const { dir, token } = await prunedAfterRotation(handle, { edited });
      const result = await dashsync(handle, dir, ['plan', '--prune'], { kind: 'token', token });
      expect(result.stdout).toContain('! 1 delete held: api "legacy" reads /api');
      expect(result.stdout).not.toContain('never pushed by dashsync');
    }
  });
});
