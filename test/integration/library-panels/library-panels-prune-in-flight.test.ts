import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, requestHeld, startTestSandbox } from '../../helpers/sandbox.js';
import { libraryWorkspace } from './library-tree.js';

// The nothing-lost audit: a library panel's prune with its DELETE held in flight (Grafana 12, /api).
describe('library panels: a prune\'s DELETE held in flight', () => {
  async function strayHeld() {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    const created = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'lp-stray', name: 'Stray', kind: 1, folderUid: 'team-a', model: { type: 'stat', title: 'before' } });
    expect(created.status).toBe(200);
    sandbox.setFaults({ pathPrefix: '/api/library-elements/', methods: ['DELETE'], script: [{ kind: 'hold' }] });
    const applying = ws.cli(['apply', '--prune']);
    await requestHeld(sandbox);
    return { sandbox, ws, applying };
  }

  it('the backup holds the live element before the DELETE reaches Grafana', async () => {
    const { sandbox, ws, applying } = await strayHeld();
    const dir = join(ws.dir, '.dashsync/backups/library-panels/lp-stray');
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dir, files[0]!), 'utf8'))).toMatchObject({ uid: 'lp-stray', element: { model: { title: 'before' } } });
    sandbox.releaseHeld();
    expect((await applying).code).toBe(0);
  });

  // FOUND (open): Grafana's DELETE /api/library-elements/:uid takes no version, and library panels have no "Recently
  // deleted": an edit saved between the re-read that wrote the backup and the DELETE is deleted with it, apply exits 0,
  // and the backup holds the version before the edit. There is no precondition to send; what dashsync can do is read
  // the element once more after the backup and before the DELETE (narrowing the window), and after the DELETE compare
  // nothing it cannot see — so the fix is at best a narrower window and a README note. Kept as an expected failure.
  it.fails('an edit saved while the DELETE is in flight is refused or kept where restore finds it', async () => {
    const { sandbox, ws, applying } = await strayHeld();
    const live = await apiRequest(sandbox, 'GET', '/api/library-elements/lp-stray');
    const edited = await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-stray', {
      name: 'Stray',
      kind: 1,
      folderUid: 'team-a',
      model: { type: 'stat', title: 'edited while the delete was in flight' },
      version: live.body.result.version,
    });
    expect(edited.status, edited.text).toBe(200);
    sandbox.releaseHeld();
    await applying;
    if ((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-stray')).status !== 200) expect((await ws.cli(['restore', 'lp-stray'])).code).toBe(0);
    const after = await apiRequest(sandbox, 'GET', '/api/library-elements/lp-stray');
    expect(after.body.result?.model?.title).toBe('edited while the delete was in flight');
  });
});
