import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, requestHeld } from '../../helpers/sandbox.js';
import { appliedLibraryTree, editJson } from './library-tree.js';

const PANEL = '/api/library-elements/lp-cpu';

/**
 * `apply --force` of a library panel update reads the panel and PATCHes it at the version read. Someone saving it in the
 * instant between the two makes that PATCH stale (412 "the library element has been changed by someone else"). Before,
 * that was a conflict (exit 1) although --force asked to write over whatever is there; now the panel is read once more
 * and written at its new version (+1 GET +1 PATCH, only after the refusal).
 */
describe('apply --force of a library panel saved by someone else between its read and its PATCH', () => {
  it('is read again and written over at the new version, not a conflict', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '12' });
    await editJson(join(ws.dir, 'dashboards/team-a/_library/cpu.json'), (panel) => (panel.model.targets[0].expr = 'rate(cpu[1m])'));
    sandbox.clearRequests();
    sandbox.setFaults({ pathPrefix: PANEL, methods: ['PATCH'], script: [{ kind: 'hold' }] });

    const applying = ws.cli(['apply', '--force', '--auto-approve']);
    await requestHeld(sandbox);
    const before = (await apiRequest(sandbox, 'GET', PANEL)).body.result;
    const saved = await apiRequest(sandbox, 'PATCH', PANEL, { name: before.name, kind: 1, folderUid: before.folderUid, model: { ...before.model, description: 'theirs' }, version: before.version });
    expect(saved.status, saved.text).toBe(200);
    sandbox.releaseHeld();
    const applied = await applying;

    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain('Library panels: 1 updated');
    const patches = sandbox.requests().filter((entry) => entry.method === 'PATCH' && entry.path === PANEL).map((entry) => entry.status);
    // apply's held PATCH (refused: stale), the other client's, apply's second PATCH at the new version.
    expect(patches).toEqual([412, 200, 200]);
    const panel = (await apiRequest(sandbox, 'GET', PANEL)).body.result;
    expect(panel.model.targets[0].expr).toBe('rate(cpu[1m])');
    expect(panel.version).toBe(before.version + 2);
  });
});
