import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { EXIT_INTERRUPTED } from '../../src/errors.js';
import { requestHeld, startTestSandbox } from '../helpers/sandbox.js';
import { dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

/** What process.exit was asked for: the second Ctrl-C quits the process, which the test must outlive. */
class QuitCalled extends Error {}

describe('a second Ctrl-C during pull', () => {
  it('says how many files were written before the quit and quits with 130; nothing half-written, no temp file', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    for (const uid of ['one', 'two', 'three']) await saveDashboard(sandbox, { uid, title: `Dashboard ${uid}`, panels: [] });
    // One read answered (its file written), the next held: one at a time (--concurrency 1), so the first file is whole on disk.
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    const work = await makeWorkDir();
    const exits: (string | number | null | undefined)[] = [];
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      exits.push(code);
      throw new QuitCalled();
    });
    onTestFinished(() => exit.mockRestore());

    const pulling = dashsync(sandbox, work, ['pull', '--all', '--api', 'legacy', '--concurrency', '1', '--timeout', '600']);
    await requestHeld(sandbox);
    // Both at once, as a user pressing twice or a CI runner's cancel: the second one is handled before the pull can end.
    process.emit('SIGINT', 'SIGINT');
    expect(() => process.emit('SIGTERM', 'SIGTERM')).toThrow(QuitCalled);
    const run = await pulling;

    expect(exits).toEqual([EXIT_INTERRUPTED]);
    const lines = run.stderr.split('\n');
    const quit = lines.findIndex((line) => line.startsWith('quit: '));
    expect(lines.slice(quit - 1, quit + 1)).toEqual([
      'SIGINT: stopping — no new work starts; requests in flight get up to 1 s to finish (press Ctrl-C again to quit now)',
      'quit: 1 file written and 0 deleted before the quit (git status shows them); the rest were not started. Run dashsync pull --api legacy again to finish',
    ]);
    const files = (await walkFiles(work)).map((file) => file.path);
    expect(files.filter((path) => path.endsWith('.json'))).toHaveLength(1);
    expect(files.filter((path) => path.endsWith('.tmp'))).toEqual([]);
  });
});
