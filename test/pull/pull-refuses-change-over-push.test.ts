import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, commitAndApplyTwo, dashsync, editInUi, git, lines, makeWorkDir } from './pull-fixture.js';

// audit-ux-10 F12: a committed change not applied yet, and a UI edit over dashsync's push of the commit before it. The apply
// conflict advised "pull <uid> to keep the live edit", and pull then replaced the change with Grafana's version, saying `updated`.

describe.each(['11.2', '12', '13'] as const)('pull of a committed change someone saved over in Grafana after dashsync applied the commit before it (Grafana %s)', (grafanaVersion) => {
  it('refuses the file with what changed on each side and how to merge; --force then takes Grafana\'s version; a file unchanged since the push is updated', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, file } = await commitAndApplyTwo(handle);

    // The PR: a title change, committed and planned; then someone edits both dashboards in the UI before the apply.
    const mine = (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads (PR)"');
    await writeFile(file, mine);
    await commitAll(dir, 'pr: workloads title');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    expect((await dashsync(handle, dir, ['plan', '--out', 'p.json'])).code).toBe(0);
    await editInUi(handle, 'work', 'Edited in the Grafana UI');
    await editInUi(handle, 'calm', 'Calm, edited in the UI');
    const conflict = await dashsync(handle, dir, ['apply', 'p.json']);
    expect(conflict.code).toBe(1);
    // The change is committed, so a plain pull is refused (below): the conflict line names the pull that merges (audit-ux-12 U2).
    expect(conflict.stderr).toContain(
      '; left untouched. Run dashsync plan to review, dashsync pull work to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force p.json to overwrite it',
    );

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(
      new RegExp(
        `^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1: in git by ${sha}, not applied yet, and in Grafana \\(version 2 by [^)]+\\)\\. ` +
          `To merge by hand, run: dashsync pull --force work && git commit -m 'pull work from Grafana' -- dashboards/work\\.json && git diff [0-9a-f]{12} ${sha} -- dashboards/work\\.json \\| git apply --3way && ` +
          `git commit -m 'work: merge ${sha} with the pulled version' -- dashboards/work\\.json \\(where git apply reports a conflict, keep each side's change where dashboards/work\\.json marks it, one value per key \\(a key both sides changed: choose one value\\), then run the last git commit\\); ` +
          'to keep yours as it is: dashsync plan shows what apply would overwrite in Grafana$',
        'm',
      ),
    );
    expect(await readFile(file, 'utf8')).toBe(mine);
    // The file dashsync's push still describes: Grafana alone changed, so pull takes its version.
    expect(pulled.stdout).toMatch(/^updated +dashboards\/calm\.json$/m);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/calm.json'), 'utf8')).description).toBe('Calm, edited in the UI');

    const forced = await dashsync(handle, dir, ['pull', '--force', 'work']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(lines(forced.stdout)).toContain('updated  dashboards/work.json');
    const diff = await git(dir, 'diff', '--', 'dashboards/work.json');
    expect(diff).toContain('-  "title": "Workloads (PR)"');
    expect(diff).toContain('+  "description": "Edited in the Grafana UI",');
  });
});

// pull-45 (mend-pull-44's observation): dashsync's push through `/api` leaves an `as <name>` note, which a pull through `/apis`
// (12's default) did not take: it saw no push and replaced the committed change. The audit, on one API, saw the refusal.
describe.each([
  ['12', ['--api', 'legacy'], []],
  ['12', [], ['--api', 'legacy']],
  ['13', ['--api', 'legacy'], []],
] as const)('pull of a committed change someone saved over, pushed and pulled through different APIs (Grafana %s, apply %j, pull %j)', (grafanaVersion, applyArgs, pullArgs) => {
  it('refuses the file: the push is found whichever API wrote its note', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, file } = await commitAndApplyTwo(handle, [...applyArgs]);
    const mine = (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads (PR)"');
    await writeFile(file, mine);
    await commitAll(dir, 'pr: workloads title');
    await editInUi(handle, 'work', 'Edited in the Grafana UI');

    const pulled = await dashsync(handle, dir, ['pull', 'work', ...pullArgs]);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    // `/api` cannot check the saver of a note `/apis` wrote (it names no uid): the line says the push is known by its note alone.
    // review-mend-50b: it names that reason only (main listed three: the other API, Anonymous or a rename, a copy).
    const byNoteAlone =
      pullArgs.length > 0
        ? " \\(known by its content note alone: its note was written through the other API than this pull uses, whose saver this history cannot check; if that save was not dashsync's, your commit may be applied already, and merging by hand, below, is safe either way\\)"
        : '';
    expect(pulled.stdout).toMatch(new RegExp(`^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1${byNoteAlone}: in git by `, 'm'));
    expect(await readFile(file, 'utf8')).toBe(mine);
  });
});

// stop 46 §4 (noticed): on 11.2–11.4 `/api`'s version list names every service account `Anonymous`, so the note of CI's push
// with a service-account token could not be checked against its saver and was passed over: a person's pull saw no push and
// replaced the committed, unapplied change with Grafana's version (exit 0). Such a note now counts, as for `_library/` files.
// provisioning-52: 12.0–12.2 store such a save as user -1 (the sandbox emulates it now): `/api` says `Anonymous` there too,
// and `/apis` `provisioning:`; the line names the releases that do so.
const SAVER_UNNAMED_API =
  "Grafana's history does not say who saved version 1 in a way dashsync can match to the note \\(it lists the saver as Anonymous, as it does " +
  'a service account on Grafana 11\\.2–11\\.5 and on 12\\.0–12\\.2, or an account deleted since\\)';
const SAVER_UNNAMED_APIS =
  "Grafana's history does not say who saved version 1 in a way dashsync can match to the note \\(it records the save as \"provisioning:\", " +
  "as Grafana 12\\.0–12\\.2 record a service account's, or, on legacy storage, names no saver once the saver's account is deleted\\)";
const unnamedCases = [
  { grafanaVersion: '11.2', release: undefined, api: 'legacy', listed: 'Anonymous', why: SAVER_UNNAMED_API },
  { grafanaVersion: '12', release: '12.2.0', api: 'legacy', listed: 'Anonymous', why: SAVER_UNNAMED_API },
  { grafanaVersion: '12', release: '12.2.0', api: 'k8s', listed: 'Anonymous', why: SAVER_UNNAMED_APIS },
] as const;

describe.each(unnamedCases)(
  'pull of a committed change someone saved over after CI applied the commit before it with a service-account token (Grafana $grafanaVersion $release, api $api)',
  ({ grafanaVersion, release, api, listed, why }) => {
    it('refuses the file though the history names no saver for CI, saying the push is known by its note alone', async () => {
      const handle = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}) });
      const ci = await handle.createToken('Admin');
      const dir = await makeWorkDir();
      await mkdir(join(dir, 'dashboards'));
      const file = join(dir, 'dashboards/work.json');
      await writeFile(file, `${JSON.stringify({ uid: 'work', title: 'Workloads', schemaVersion: 39, panels: [] }, null, 2)}\n`);
      await commitAll(dir, 'add work');
      const applied = await runCliInProcess(['apply', '--auto-approve', '--api', api], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: ci } });
      expect(applied.code, applied.stderr).toBe(0);
      const versions = await apiRequest(handle, 'GET', '/api/dashboards/uid/work/versions');
      const listedVersions = Array.isArray(versions.body) ? versions.body : versions.body.versions;
      expect(listedVersions.map((entry: { createdBy: string }) => entry.createdBy)).toEqual([listed]);
      const mine = (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads (PR)"');
      await writeFile(file, mine);
      await commitAll(dir, 'pr: workloads title');
      const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
      await editInUi(handle, 'work', 'Edited in the Grafana UI');

      const pulled = await dashsync(handle, dir, ['pull', '--api', api]);

      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
      // pull-50: the line says the push is known by its note alone, what that means, and that the way out is safe (main: no word of it).
      expect(pulled.stdout).toMatch(
        new RegExp(
          '^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1 \\(known by its content note alone: ' +
            `${why}; ` +
            "if that save was not dashsync's, your commit may be applied already, and merging by hand, below, is safe either way\\): " +
            `in git by ${sha}, not applied yet, and in Grafana \\(version 2 by [^)]+\\)\\. To merge by hand, run: dashsync pull --api ${api} --force work && `,
          'm',
        ),
      );
      expect(await readFile(file, 'utf8')).toBe(mine);
    });
  },
);
