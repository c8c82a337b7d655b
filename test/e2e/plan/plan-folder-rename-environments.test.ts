import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from '../../pull/pull-fixture.js';

// walk-65 L8: a folder renamed in one environment's Grafana: the drift's "to keep it" advice and pull's `wrote` line changed
// the `_folder.json` every environment deploys without a word of the others (a folder's title is one per tree).

const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

describe('a folder renamed in prod\'s Grafana, its _folder.json deployed by staging too (Grafana 12)', () => {
  // review-66a L5: staging's include may name the folder's dashboard, not its _folder.json: it deploys the folder all the same.
  // review-67b L2: staging's include may name a dashboard of the folder that prod's own include leaves out.
  const cases = [
    ['every file', {}, {}],
    ["an include naming the folder's dashboard", { include: ['payments/pay.json'] }, {}],
    ['an include naming a dashboard of the folder prod does not select', { include: ['payments/billing.json'] }, { include: ['payments/pay.json'] }],
  ] as const;
  for (const [deploys, staging, prod] of cases) {
    it(`the drift advice and pull's wrote line name staging (${deploys}), and pull says what changed`, async () => {
      const handle = await startTestSandbox({ grafanaVersion: '12' });
      const dir = await makeWorkDir();
      await mkdir(join(dir, 'dashboards/payments'), { recursive: true });
      await writeFile(join(dir, 'dashsync.config.json'), text({ environments: { staging, prod } }));
      await writeFile(join(dir, 'dashboards/payments/_folder.json'), text({ uid: 'apps-pay', title: 'Payments' }));
      await writeFile(join(dir, 'dashboards/payments/pay.json'), text({ uid: 'pay', title: 'Pay', schemaVersion: 39, panels: [] }));
      if ('include' in prod) await writeFile(join(dir, 'dashboards/payments/billing.json'), text({ uid: 'billing', title: 'Billing', schemaVersion: 39, panels: [] }));
      await commitAll(dir, 'add');
      const applied = await dashsync(handle, dir, ['apply', '--auto-approve', '--env', 'prod']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const token = await handle.createToken('Editor');
      const folder = await apiRequest(handle, 'GET', '/api/folders/apps-pay');
      expect((await apiRequest(handle, 'PUT', '/api/folders/apps-pay', { title: 'Payments & Billing', version: folder.body.version }, bearerHeaders(token))).status).toBe(200);

      const planned = await dashsync(handle, dir, ['plan', '--env', 'prod']);
      expect(planned.stdout).toContain(
        'to keep it, put that title in dashboards/payments/_folder.json (environment staging deploys that file too and gets the title as well: a folder\'s title and place are one per tree)',
      );

      const pulled = await dashsync(handle, dir, ['pull', '--env', 'prod']);
      expect(pulled.stdout).toContain(
        'wrote  dashboards/payments/_folder.json: title "Payments" → "Payments & Billing"; environment staging deploys this file too and gets that title with its next apply (a folder\'s title is one per tree)\n',
      );
      expect(JSON.parse(await readFile(join(dir, 'dashboards/payments/_folder.json'), 'utf8')).title).toBe('Payments & Billing');
    });
  }
});
