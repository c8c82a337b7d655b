import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
/** "équipe" and "résumé" as macOS writes them: e + U+0301 COMBINING ACUTE ACCENT. */
const equipe = 'e\u0301quipe';
const resume = 're\u0301sume\u0301';

async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-check-nfc-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards', equipe, 'ops'), { recursive: true });
  await mkdir(join(dir, 'dashboards', 'named'), { recursive: true });
  await writeFile(join(dir, 'dashboards', equipe, 'ops', 'cpu.json'), json({ panels: [], schemaVersion: 39, title: 'CPU', uid: 'cpu' }));
  await writeFile(join(dir, 'dashboards', equipe, `${resume}.json`), json({ panels: [], schemaVersion: 39, title: 'Résumé', uid: 'resume' }));
  await writeFile(join(dir, 'dashboards', 'named', '_folder.json'), json({ title: 'Named', uid: 'named' }));
  await writeFile(join(dir, 'dashboards', 'named', 'n.json'), json({ panels: [], schemaVersion: 39, title: 'N', uid: 'n' }));
  return dir;
}

describe('check: names not in precomposed Unicode (NFC)', () => {
  it('warns once per directory or file name, at its path, saying what to do', async () => {
    const dir = await workspace();
    const result = await runCliInProcess(['check'], { cwd: dir });
    const what = (name: string) => `name "${name}" is not in precomposed Unicode (NFC; macOS writes names decomposed): it only looks like the name typed elsewhere`;
    expect(result.stdout).toBe(
      `dashboards/${equipe}: warning: ${what(equipe)}. Its folder gets that title as written (Grafana compares titles as given: it is not the title typed in Grafana) and a uid derived from these bytes (another on a checkout that stores the name precomposed): rename the directory to its NFC form, or give it a _folder.json with the uid and title (name-not-nfc)\n` +
        `dashboards/${equipe}/${resume}.json: warning: ${what(`${resume}.json`)}, so an include/exclude glob or a path typed with that name does not match it: rename it to its NFC form (name-not-nfc)\n`,
    );
    expect([result.code, result.stderr]).toEqual([0, 'check: 3 dashboards, 3 folders (1 with _folder.json), 0 errors, 2 warnings\n']);
  });

  it('a directory with a _folder.json takes neither title nor uid from its name; pre-commit warns only of the listed files\' names', async () => {
    const dir = await workspace();
    await writeFile(join(dir, 'dashboards', equipe, '_folder.json'), json({ title: 'Équipe', uid: 'equipe' }));
    const listed = await runCliInProcess(['check', 'dashboards/named/n.json'], { cwd: dir });
    expect([listed.code, listed.stdout]).toEqual([0, '']);
    const result = await runCliInProcess(['check', join('dashboards', equipe, 'ops', 'cpu.json')], { cwd: dir });
    expect(result.stdout).toBe(
      `dashboards/${equipe}: warning: name "${equipe}" is not in precomposed Unicode (NFC; macOS writes names decomposed): it only looks like the name typed elsewhere, so an include/exclude glob or a path typed with that name does not match it: rename it to its NFC form (name-not-nfc)\n`,
    );
  });
});
