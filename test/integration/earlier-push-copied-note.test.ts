import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git, makeWorkDir } from '../pull/pull-fixture.js';

// pull-49 (stop 48 §14: `notedCommit` did not check the saver). A push made through `/api` (`--api legacy`, or before an
// upgrade to 12) notes its saver as `/api` names it (`as <name>`), which an `/apis` history, recording `user:<uid>`, cannot be
// compared with: such a note counted whoever's save it was in, so a person's save whose message copied it was read as
// dashsync's push from the commit it names. `/api`'s own read of that version names its saver: the copy is no push.
describe("dashsync's earlier push read through /apis, where a person's newer save copied its note (Grafana 12)", () => {
  it('is the push itself, with its commit: the copy is passed over, as /api names another saver for it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/node.json'), `${JSON.stringify({ uid: 'node', title: 'Node', schemaVersion: 39, panels: [] }, null, 2)}\n`);
    await commitAll(dir, 'add node');
    const pushedFrom = (await git(dir, 'rev-parse', 'HEAD')).trim();
    const ci = await handle.createToken('Admin');
    const applied = await runCliInProcess(['apply', '--auto-approve', '--api', 'legacy'], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: ci } });
    expect(applied.code, applied.stderr).toBe(0);
    const message = (await apiRequest(handle, 'GET', '/api/dashboards/uid/node/versions/1')).body.message as string;
    expect(message).toMatch(new RegExp(`\\[commit ${pushedFrom}\\] \\[content sha256:[0-9a-f]{16} as [^\\]]+\\]$`));
    const other = 'f'.repeat(40);
    const edited = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'node', message: message.replace(pushedFrom, other) }) });
    expect(edited.status, await edited.text()).toBe(200);

    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    await grafana.checkAccess();
    expect(grafana.api).toBe('k8s');
    const push = await grafana.readEarlierPush!('node', 3, { unconfirmed: true });
    expect(push).toMatchObject({ version: 1, commit: pushedFrom });
  });
});
