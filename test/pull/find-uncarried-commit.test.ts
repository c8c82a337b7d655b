import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUncarriedCommit } from '../../src/pull/find-uncarried-commit.js';
import type { PushNearPanel } from '../../src/pull/find-dashsync-push-near-panel.js';
import { commitAll, git } from './pull-fixture.js';
import { tempDir, write } from '../unit/git/temp-dir.js';

const hour = (n: number) => new Date(Date.UTC(2026, 11, 1, n));
const head = async (repo: string) => (await git(repo, 'rev-parse', 'HEAD')).trim();
const push = (dashboard: string, at: string, commit?: string): PushNearPanel => ({ dashboard, pusher: { form: 'uid', saver: 'ci' }, at, ...(commit !== undefined && { commit }) });

// stop 48 §4 left: a push whose time Grafana's history does not give made the newest push unknown, and the file was refused by
// the time rule even where every push names a commit holding the file's. Grafana serializes every save's time (a Go time), so
// no sandbox serves such a history: the rule is exercised here, against real git.
describe("findUncarriedCommit when a push's time cannot be read (real git)", () => {
  it("carried when every push names a commit holding the file's; one that does not, or names none, leaves the time rule's refusal", async () => {
    const repo = await tempDir();
    await write(join(repo, 'node.json'), '{}');
    await commitAll(repo, 'before the panel', hour(1));
    const before = await head(repo);
    await write(join(repo, '_library', 'cpu.json'), 'a');
    await commitAll(repo, 'the panel', hour(2));
    const panel = await head(repo);
    await write(join(repo, 'node.json'), '{"title": "Node"}');
    await commitAll(repo, 'after the panel', hour(3));
    const after = await head(repo);
    const timed = hour(4).toISOString();

    expect(await findUncarriedCommit(repo, '_library/cpu.json', [push('a', '', after), push('b', timed, panel)])).toBeNull();
    expect(await findUncarriedCommit(repo, '_library/cpu.json', [push('a', '', after), push('b', timed, before)])).toEqual({ kind: 'after-pushes', dashboard: 'a', pushedAt: '' });
    expect(await findUncarriedCommit(repo, '_library/cpu.json', [push('a', '', after), push('b', timed)])).toEqual({ kind: 'after-pushes', dashboard: 'a', pushedAt: '' });
    // Every time read: the newest push's commit decides, as before.
    expect(await findUncarriedCommit(repo, '_library/cpu.json', [push('a', hour(5).toISOString(), after), push('b', timed, before)])).toBeNull();
  });
});

// review-15 M-1: a push whose note's saver Grafana did not confirm may be a copy in someone's save, which names any commit and
// is made after the change: neither its commit nor its time shows that the change was carried.
describe('findUncarriedCommit when the newest push is unconfirmed (real git)', () => {
  it('refuses, by time where the commit is newer still, else as unconfirmed; an older unconfirmed push leaves the newest to decide', async () => {
    const repo = await tempDir();
    await write(join(repo, '_library', 'cpu.json'), 'a');
    await commitAll(repo, 'the panel', hour(2));
    const panel = await head(repo);
    const unconfirmed = (at: string): PushNearPanel => ({ ...push('copy', at), unconfirmed: true });

    expect(await findUncarriedCommit(repo, '_library/cpu.json', [unconfirmed(hour(5).toISOString()), push('b', hour(4).toISOString(), panel)])).toEqual({
      kind: 'unconfirmed-push',
      dashboard: 'copy',
      pushedAt: hour(5).toISOString(),
    });
    expect(await findUncarriedCommit(repo, '_library/cpu.json', [unconfirmed(hour(1).toISOString())])).toEqual({ kind: 'after-pushes', dashboard: 'copy', pushedAt: hour(1).toISOString() });
    expect(await findUncarriedCommit(repo, '_library/cpu.json', [unconfirmed(hour(3).toISOString()), push('b', hour(4).toISOString(), panel)])).toBeNull();
  });
});
