import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** `files`: root-relative path → document, below dashboards/. */
async function workspace(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-dir-case-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [path, document] of Object.entries(files)) {
    await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), json(document));
  }
  return dir;
}

const board = (uid: string) => ({ panels: [], schemaVersion: 39, title: uid, uid });
const oneDirectory = 'on a case-insensitive checkout (macOS, Windows) they are one directory, so their files land in one folder there, and files of one name in both are one file there';

// tree-55b (tree-55's leftover): sibling directories differing only in case got no word, though Grafana 11.2 refuses the second
// folder (its title is the first's in any case) and macOS or Windows check them out as one directory.
describe('check: sibling directories whose names differ only in case', () => {
  it('warn on the second, naming both; titled from their names, the 11.2 refusal is said too', async () => {
    const dir = await workspace({ 'Team/a.json': board('a'), 'team/b.json': board('b'), 'ops/Team/c.json': board('c') });
    const result = await runCliInProcess(['check'], { cwd: dir });
    expect(result.stdout).toBe(
      `dashboards/team: warning: directory dashboards/team and its sibling dashboards/Team differ only in case: ${oneDirectory}; their folders take those names as titles, one title to Grafana 11.2 and older ` +
        '(which compare sibling titles in any case), so they refuse the second folder and apply fails there; rename one of them (git mv), or move its files into the other (dir-name-case)\n',
    );
    expect([result.code, result.stderr]).toEqual([0, 'check: 3 dashboards, 4 folders, 0 errors, 1 warning\n']);
    // A pre-commit run of a file in neither says nothing of them; of a file in one, the same line.
    expect((await runCliInProcess(['check', 'dashboards/ops/Team/c.json'], { cwd: dir })).stdout).toBe('');
    expect((await runCliInProcess(['check', 'dashboards/Team/a.json'], { cwd: dir })).stdout).toBe(result.stdout);
  });

  // fix-60b (walk-60 H2): files whose names differ only in case had no rule; one is lost on a macOS or Windows checkout.
  it('file-name-case: two files whose paths differ only in case, beside each other or in directories differing in case', async () => {
    const dir = await workspace({ 'team-a/board.json': board('case-lower'), 'team-a/Board.json': board('case-upper'), 'Ops/cpu.json': board('cpu-1'), 'ops/CPU.json': board('cpu-2') });
    const result = await runCliInProcess(['check'], { cwd: dir });
    const oneFile = 'differ only in case: on a case-insensitive checkout (macOS, Windows) they are one file, so one of them is lost there (and a prune run from there deletes its dashboard in Grafana); rename one of them (git mv)';
    expect(result.stdout).toBe(
      `dashboards/ops: warning: directory dashboards/ops and its sibling dashboards/Ops differ only in case: ${oneDirectory}; their folders take those names as titles, one title to Grafana 11.2 and older ` +
        '(which compare sibling titles in any case), so they refuse the second folder and apply fails there; rename one of them (git mv), or move its files into the other (dir-name-case)\n' +
        `dashboards/ops/CPU.json: warning: dashboards/ops/CPU.json and dashboards/Ops/cpu.json ${oneFile} (file-name-case)\n` +
        `dashboards/team-a/board.json: warning: dashboards/team-a/board.json and dashboards/team-a/Board.json ${oneFile} (file-name-case)\n`,
    );
    expect([result.code, result.stderr]).toEqual([0, 'check: 4 dashboards, 3 folders, 0 errors, 3 warnings\n']);
    // A pre-commit run of either file says it.
    expect((await runCliInProcess(['check', 'dashboards/team-a/Board.json'], { cwd: dir })).stdout).toBe(`dashboards/team-a/board.json: warning: dashboards/team-a/board.json and dashboards/team-a/Board.json ${oneFile} (file-name-case)\n`);
  });

  it('a _folder.json title leaves only the checkout clause (a clash of titles is folder-title-duplicate\'s)', async () => {
    const dir = await workspace({ 'Team/a.json': board('a'), 'team/b.json': board('b'), 'team/_folder.json': { uid: 'team-b', title: 'Team B' } });
    const result = await runCliInProcess(['check'], { cwd: dir });
    expect(result.stdout).toBe(`dashboards/team: warning: directory dashboards/team and its sibling dashboards/Team differ only in case: ${oneDirectory}; rename one of them (git mv), or move its files into the other (dir-name-case)\n`);
  });
});
