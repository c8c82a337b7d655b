import { describe, expect, it, vi } from 'vitest';
import type { FaultConfig, RequestLogEntry, SandboxOptions } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { editFile, exampleWorkspace, listJsonFiles } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * Grafana 11 refuses an update whose `dashboard.id` no row has (404), except that its "Recently deleted"
 * (the dashboardRestore toggle, off in a stock 11.2) keeps a deleted dashboard's row: where that trash is off (as the
 * toggle in GET /api/frontend/settings says) the saves carry the ids the plan read. Each update's dashboard is read
 * first all the same: a save since under the planned version number (Grafana's database restored from a backup) only
 * the read tells (test/e2e/apply/database-restored.test.ts).
 */
async function appliedAndEdited(options: SandboxOptions) {
  const sandbox = await startTestSandbox({ grafanaVersion: '11.2', ...options });
  const workspace = await exampleWorkspace(sandbox);
  expect((await workspace.cli(['apply'])).code).toBe(0);
  const files = (await listJsonFiles(`${workspace.dir}/dashboards`)).filter((file) => !file.endsWith('_folder.json'));
  for (const file of files) await editFile(workspace, `dashboards/${file}`, (model) => (model.description = 'from git'));
  const planned = await workspace.cli(['plan', '--out', 'plan.json']);
  expect(planned.stdout).toContain(`Plan: 0 to create, ${files.length} to update`);
  sandbox.clearRequests();
  return { sandbox, workspace, updates: files.length };
}

const count = (requests: RequestLogEntry[], method: string, pattern: RegExp) => requests.filter((entry) => entry.method === method && pattern.test(entry.path)).length;
const dashboardReads = (requests: RequestLogEntry[]) => count(requests, 'GET', /^\/api\/dashboards\/uid\/[^/]+$/);
const settingsReads = (requests: RequestLogEntry[]) => count(requests, 'GET', /^\/api\/frontend\/settings$/);

describe('apply of updates on Grafana 11.2 (api legacy): the read before each update', () => {
  it('is made on a stock 11.2 ("Recently deleted" off) too: one settings read, and the saves carry the ids the plan read', async () => {
    const { sandbox, workspace, updates } = await appliedAndEdited({ features: { dashboardRestore: false } });

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Applied: 0 created, ${updates} updated, 0 moved, 0 deleted`);
    const requests = sandbox.requests();
    expect({ dashboardReads: dashboardReads(requests), settingsReads: settingsReads(requests) }).toEqual({ dashboardReads: updates, settingsReads: 1 });
    const saves = requests.filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    expect(saves.map((entry) => [entry.status, typeof (entry.body as any).dashboard.id])).toEqual(Array(updates).fill([200, 'number']));
  });

  it('is kept with "Recently deleted" on (dashboardRestore): a deleted dashboard keeps its row and id there', async () => {
    const { sandbox, workspace, updates } = await appliedAndEdited({});

    expect((await workspace.cli(['apply', 'plan.json'])).code).toBe(0);

    const requests = sandbox.requests();
    expect({ dashboardReads: dashboardReads(requests), settingsReads: settingsReads(requests) }).toEqual({ dashboardReads: updates, settingsReads: 1 });
  });

  it('is kept when the settings cannot be read (a 500 there): whether the trash is on stays open', async () => {
    const { sandbox, workspace, updates } = await appliedAndEdited({ features: { dashboardRestore: false } });
    const unreadable: FaultConfig = { pathPrefix: '/api/frontend/settings', errorRate: 1, errorStatus: 500 };
    sandbox.setFaults(unreadable);

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Applied: 0 created, ${updates} updated, 0 moved, 0 deleted`);
    const requests = sandbox.requests();
    // Asked once (and sent once more after its 500: a read is safe to resend), not once per update.
    expect({ dashboardReads: dashboardReads(requests), settingsReads: settingsReads(requests) }).toEqual({ dashboardReads: updates, settingsReads: 2 });
  });
  it('is not made again in a one-step apply (no plan file): the plan read each dashboard a moment before, in this run', async () => {
    const { sandbox, workspace, updates } = await appliedAndEdited({ features: { dashboardRestore: false } });

    const applied = await workspace.cli(['apply', '--auto-approve']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Applied: 0 created, ${updates} updated, 0 moved, 0 deleted`);
    // The plan's read of each, and none before the saves (a saved plan's apply reads each again: the tests above).
    expect(dashboardReads(sandbox.requests())).toBe(updates);
  });
});
