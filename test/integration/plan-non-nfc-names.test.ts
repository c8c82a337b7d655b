import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanJson } from '../../src/report/render-plan-json.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
/** "équipe" as macOS writes it: e + U+0301 COMBINING ACUTE ACCENT. */
const equipe = 'e\u0301quipe';

describe('plan: names not in precomposed Unicode (NFC)', () => {
  it('warns of a directory whose folder takes its title and uid from the decomposed name, as check does, in text and JSON', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-nfc-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', equipe), { recursive: true });
    await writeFile(join(dir, 'dashboards', equipe, 'cpu.json'), `${JSON.stringify({ panels: [], schemaVersion: 39, title: 'CPU', uid: 'cpu' }, null, 2)}\n`);
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    const plan = await createPlan({ settings, grafana, git: GIT });

    const message =
      `name "${equipe}" is not in precomposed Unicode (NFC; macOS writes names decomposed): it only looks like the name typed elsewhere. ` +
      'Its folder gets that title as written (Grafana compares titles as given: it is not the title typed in Grafana) and a uid derived from these bytes ' +
      '(another on a checkout that stores the name precomposed): rename the directory to its NFC form, or give it a _folder.json with the uid and title';
    expect(JSON.parse(renderPlanJson(plan)).warnings).toEqual([{ kind: 'name-not-nfc', uid: null, path: `dashboards/${equipe}`, message }]);
    expect(renderPlanText(plan, { color: false })).toContain(`dashboards/${equipe}: ${message} (name-not-nfc)`);
  });
});
