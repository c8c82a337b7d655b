import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeTrashUnseen } from '../../src/plan/describe-trash-unseen.js';
import { describePushMessagesUnread } from '../../src/plan/describe-push-messages-unread.js';
import { describeDeletesHeld } from '../../src/report/describe-warning.js';
import { applySelectionOf, otherEnvironmentSelection, planSelectionOf, recordedSelectionOf, renderNextCommand, renderPlanThenApply, runSelectionOf } from '../../src/report/next-command.js';
import { describeFolderUid } from '../../src/report/describe-folder-uid.js';
import { renderDashboardRestore } from '../../src/report/render-restore-line.js';
import { describeTreeRecreates } from '../../src/apply/describe-tree-recreates.js';
import { renderPlanAgain } from '../../src/report/plan-again.js';
import { renderApplyAgain } from '../../src/report/render-apply-result.js';
import { action } from './plan/builders.js';
import { dashboard, makeTempTree } from './files/make-tree.js';

/**
 * A command printed as advice begins as the shell ran dashsync (`npx dashsync …` under npx, walk-67 M1): renderNextCommand
 * words it from the run's selection. A `dashsync <command>` written in code is printed as it is, beside the `npx dashsync …`
 * of the other lines, and pasted it is `command not found`. These are the ones that may stay, each for its reason; a new one
 * fails here (write it with renderNextCommand, or say here why it is no command to paste).
 */
const WRITTEN: Record<string, { count: number; why: Why }> = {
  // The Action's words: a job's log, where nothing runs through npx (and a command there is one for a checkout of the branch).
  'action/describe-plan-file.ts': { count: 1, why: 'action' },
  // An annotation's title (`dashsync datasource-literal`): the finding's name.
  'action/emit-annotations.ts': { count: 1, why: 'name' },
  'action/render-failed-plan-comment.ts': { count: 1, why: 'action' },
  'action/render-no-reviewed-plan.ts': { count: 1, why: 'action' },
  'action/run-apply-step.ts': { count: 3, why: 'action' },
  'action/run-check-step.ts': { count: 1, why: 'action' },
  'plan/decide-drift.ts': { count: 1, why: 'action' },
  // A file's diagnostics, worded where no run is at hand: the run's edge words their check and pull (diagnosticsInInvocation).
  'check/describe-not-canonical.ts': { count: 3, why: 'diagnostic' },
  'check/find-library-ref-problems.ts': { count: 4, why: 'diagnostic' },
  'check/fix-dashboard-document.ts': { count: 1, why: 'diagnostic' },
  'check/inspect-dashboard-document.ts': { count: 3, why: 'diagnostic' },
  'check/place-environment-datasources.ts': { count: 1, why: 'diagnostic' },
  'files/build-folders.ts': { count: 1, why: 'diagnostic' },
  'files/find-uid-sharers.ts': { count: 1, why: 'diagnostic' },
  'files/parse-library-panel-text.ts': { count: 2, why: 'diagnostic' },
  'files/read-folder-file.ts': { count: 1, why: 'diagnostic' },
  'files/recognize-peer-form.ts': { count: 1, why: 'diagnostic' },
  'files/recognize-terraform-config.ts': { count: 3, why: 'diagnostic' },
  'files/split-dashboard-document.ts': { count: 2, why: 'diagnostic' },
  'files/uid-rules.ts': { count: 1, why: 'diagnostic' },
  'files/validate-dashboard.ts': { count: 2, why: 'diagnostic' },
  'grafana/k8s/choose-versions.ts': { count: 1, why: 'diagnostic' },
  'plan/find-library-panel-problems.ts': { count: 1, why: 'diagnostic' },
  // A default that the run's own words replace (withCheckFixCommand, renderPlanAgain, the check plan's `check`), or the hook's note.
  'files/find-environment-literals.ts': { count: 1, why: 'default' },
  'files/read-unselected-uids.ts': { count: 1, why: 'default' },
  'report/describe-hook-advice.ts': { count: 4, why: 'default' },
  'report/plan-again.ts': { count: 2, why: 'default' },
  // And isErrorCheckFixRepairs, which looks for the rules' own words in a diagnostic and prints nothing.
  'report/render-diagnostics.ts': { count: 2, why: 'default' },
  // No command to type: a heading, a JSON document's "output", help text, the name of a thing (`a dashsync plan`), prose.
  'apply/apply-plan.ts': { count: 1, why: 'name' },
  'cli/commands/apply.ts': { count: 1, why: 'name' },
  'cli/commands/pull.ts': { count: 1, why: 'name' },
  'cli/commands/restore.ts': { count: 1, why: 'name' },
  'cli/commands/sandbox.ts': { count: 1, why: 'name' },
  'cli/commands/show.ts': { count: 3, why: 'name' },
  'cli/options.ts': { count: 1, why: 'name' },
  'cli/plan-each-environment.ts': { count: 1, why: 'name' },
  // `a dashsync plan file`, and a diagnostic's `dashsync pull` (which diagnosticsInInvocation words).
  'files/recognize-not-a-dashboard.ts': { count: 2, why: 'name' },
  'plan/describe-declared-release.ts': { count: 1, why: 'name' },
  'plan/plan-file.ts': { count: 8, why: 'name' },
  // The text whose digest names a push (`dashsync <release>`), never printed.
  'plan/pushed-source.ts': { count: 1, why: 'name' },
  'plan/types.ts': { count: 1, why: 'name' },
  'pull/describe-pulled-owners.ts': { count: 2, why: 'name' },
  'pull/hold-out-owned-removals.ts': { count: 1, why: 'name' },
  'pull/render-pull-json.ts': { count: 1, why: 'name' },
  'report/describe-warning-groups.ts': { count: 1, why: 'name' },
  'report/describe-warning.ts': { count: 2, why: 'name' },
  'report/render-apply-json.ts': { count: 1, why: 'name' },
  // `the commit of a dashsync pull`, and `saved by dashsync <release>`.
  'report/render-apply-result.ts': { count: 2, why: 'name' },
  'report/render-check-json.ts': { count: 2, why: 'name' },
  'report/render-not-planned.ts': { count: 2, why: 'name' },
  'report/render-plan-markdown.ts': { count: 2, why: 'name' },
  'report/render-plan-text.ts': { count: 1, why: 'name' },
  'report/render-restore-json.ts': { count: 1, why: 'name' },
  'report/tree-warnings-of-run.ts': { count: 1, why: 'name' },
  'sandbox/persistence.ts': { count: 1, why: 'name' },
};

type Why = 'action' | 'diagnostic' | 'default' | 'name';

/**
 * `dashsync plan`, `dashsync restore`…: a command as code may write it (not `npx dashsync`, nor `dashsync-check`); and
 * `dashsync ${…}`, a command whose name a template fills in (`see dashsync ${command} --help`, which fixn-69 found escaping).
 */
const COMMAND = /(?<![\w-])(?<!npx )dashsync (?:(?:plan|apply|pull|check|restore|show|sandbox)\b|\$\{)/g;

/** Each `dashsync <command>` written in code (comments may name commands), by file under src/. */
function writtenCommands(): Map<string, string[]> {
  const src = fileURLToPath(new URL('../../src/', import.meta.url));
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts'));
  const found = new Map<string, string[]>();
  for (const name of files) {
    const code = readFileSync(join(src, name), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line));
    const commands = code.flatMap((line) => [...line.matchAll(COMMAND)].map((match) => match[0]));
    if (commands.length > 0) found.set(name.split('\\').join('/'), commands);
  }
  return found;
}

describe('commands printed as advice begin as the shell ran dashsync', () => {
  const found = writtenCommands();

  it('are worded by renderNextCommand: a `dashsync <command>` written in code is only where this test says why', () => {
    const counts = Object.fromEntries([...found].map(([file, commands]) => [file, commands.length]));
    expect(counts).toEqual(Object.fromEntries(Object.entries(WRITTEN).map(([file, { count }]) => [file, count])));
  });

  it('a file\'s diagnostics advise only check and pull, the commands diagnosticsInInvocation words', () => {
    const advised = [...found].filter(([file]) => WRITTEN[file]?.why === 'diagnostic').flatMap(([file, commands]) => commands.map((command) => `${file}: ${command}`));
    expect(advised.filter((line) => !/: dashsync (check|pull)$/.test(line))).toEqual([]);
  });

  it("no command is worded without the run's selection for one shell: the Action's words keep --env (selectionInShellWords)", () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts'));
    // `renderNextCommand(shell === 'cli' ? selection : undefined, …)`: pasted from a job's log, `restore <uid>` is refused by a config with environments.
    const dropping = files.flatMap((name) =>
      [...readFileSync(join(src, name), 'utf8').matchAll(/renderNextCommand\(\s*[^,()]*\?\s*(?:undefined\s*:[^,()]*|[^,():]*:\s*undefined)\s*,/g)].map((match) => `${name}: ${match[0]}`),
    );
    expect(dropping).toEqual([]);
  });

  it("the notes a saved plan words for both shells name the environment in each (walk-70 M3)", () => {
    const selection = runSelectionOf({ environment: 'prod', commandLine: { config: 'ops/dashsync.config.json', root: 'grafana', invocation: 'npx dashsync' } });
    const create = action({ uid: 'home-ops', action: 'create' });
    const [trash] = describeTrashUnseen([create], { held: new Set([create.file!]), deleted: new Set(), notShown: null }, selection) as { message: string; actionMessage: string }[];
    const update = action({ uid: 'home-ops', action: 'update' });
    const [push] = describePushMessagesUnread([update], new Map([['home-ops', { byDashsync: true, messageUnread: true } as never]]), selection) as { message: string; actionMessage: string }[];
    for (const note of [trash!, push!]) {
      expect(note.message).toMatch(/npx dashsync (restore|pull) --env prod --config ops\/dashsync\.config\.json (--root grafana )?home-ops/);
      // The Action's words: no npx (a job's log), the rest of the selection as the CLI's.
      expect(note.actionMessage).toMatch(/(?<!npx )dashsync (restore|pull) --env prod --config ops\/dashsync\.config\.json (--root grafana )?home-ops/);
    }
    const [held] = describeDeletesHeld([{ uid: 'home-ops', owner: 'uncommitted' }], { grafana: 'Grafana 12' }, selection, 'action');
    expect(held).toMatch(/(?<!npx )dashsync pull --env prod --config ops\/dashsync\.config\.json (--root grafana )?home-ops/);
  });
});

/**
 * Each `dashsync apply` of a text that plans anew (no plan file among its words): pasted outside a terminal it asks nothing,
 * and with prune "all" it deletes whatever no file holds (fixo-72's four places, rev-71 M1's pattern).
 */
function appliesWithoutPlanFile(text: string): string[] {
  return [...text.matchAll(/dashsync apply\b[^,;]*/g)].map((match) => match[0]).filter((words) => !/ plan\.json\b/.test(words));
}

describe('an apply that prunes "all" is advised only as a plan to review and its file (fixo-73)', () => {
  // By --prune all, the config file's prune (settings), a saved plan's prune, and the Action's prune input (its command line).
  const pruningAll = {
    flag: runSelectionOf({ prune: 'all', commandLine: { prune: 'all', api: 'legacy' } }),
    config: runSelectionOf({ prune: 'all', environment: 'prod' }),
    plan: applySelectionOf({ root: 'dashboards', prune: 'all' }, { cwd: '/w', root: '/w/dashboards', prune: false }),
    shown: planSelectionOf({ target: { environment: null }, prune: 'all' }),
    other: otherEnvironmentSelection(runSelectionOf({ prune: false }), { environment: 'team', runPrune: 'all' }),
  };

  it('renderNextCommand words apply, apply --force and apply --auto-approve --force as plan --out plan.json, review, apply plan.json', () => {
    for (const [how, selection] of Object.entries(pruningAll)) {
      for (const command of ['apply', 'apply --force', 'apply --auto-approve --force']) {
        const words = renderNextCommand(selection, command);
        expect(appliesWithoutPlanFile(words), `${how}: ${words}`).toEqual([]);
        expect(words, how).toMatch(/^dashsync plan .*--out plan\.json, review it \(prune "all" deletes whatever no file of the tree holds, dashboards made in Grafana included: it lists each\), then dashsync apply .*plan\.json$/);
        // --force stays the apply's (of the reviewed plan), --auto-approve goes: a saved plan's apply asks nothing.
        expect(words.includes('apply --force') || words.includes(' --force plan.json'), how).toBe(command.includes('--force'));
        expect(words, how).not.toContain('--auto-approve');
      }
    }
    expect(renderNextCommand(pruningAll.flag, 'apply')).toBe(
      'dashsync plan --api legacy --prune all --out plan.json, review it (prune "all" deletes whatever no file of the tree holds, dashboards made in Grafana included: it lists each), then dashsync apply --api legacy plan.json',
    );
    // The config's prune is not a flag: the plan takes it from the file again.
    expect(renderNextCommand(pruningAll.config, 'apply')).toMatch(/^dashsync plan --env prod --out plan\.json, .* then dashsync apply --env prod plan\.json$/);
    // Never recorded in a plan file (the plan records its prune itself); other scopes and saved plans as before.
    expect(recordedSelectionOf(pruningAll.config)).toEqual(undefined);
    expect(renderNextCommand(runSelectionOf({ prune: 'folders', commandLine: { prune: 'folders' } }), 'apply')).toBe('dashsync apply --prune');
    expect(renderNextCommand(pruningAll.flag, ['apply', 'p.json'])).toBe('dashsync apply --api legacy p.json');
  });

  it('renderPlanThenApply (pull\'s "plan shows the change, apply pushes it") names the plan to review once and applies its file (fixl-74)', () => {
    for (const [how, selection] of Object.entries(pruningAll)) {
      const words = renderPlanThenApply(selection, 'the change', 'pushes it');
      expect(appliesWithoutPlanFile(words), `${how}: ${words}`).toEqual([]);
      expect(words.match(/dashsync plan /g), how).toHaveLength(1);
      expect(words, how).toMatch(/^dashsync plan .*--out plan\.json shows the change; review it \(prune "all" .*\), then dashsync apply .*plan\.json pushes it$/);
    }
  });

  it("fixo-72's four places: a gone folder's note, a restore left in its old folder, a tree file restore found nowhere, an apply finished again", async () => {
    const tree = await makeTempTree({ 'dashboards/web.json': dashboard('web', 'Web') });
    try {
      for (const [how, selection] of Object.entries(pruningAll)) {
        const texts = [
          describeFolderUid('team', { title: 'Team', dashboards: ['web'] }, { kind: 'gone', removed: { commit: 'abc123', file: 'team/_folder.json', shown: 'dashboards/team/_folder.json' } }, selection),
          renderDashboardRestore({ uid: 'web', kind: 'restored-not-moved', title: 'Web', version: 3, folder: { uid: 'old', title: 'Old' }, why: 'HTTP 403' }, tree.dir, selection).text,
          ...(await describeTreeRecreates(['web'], { root: join(tree.dir, 'dashboards'), cwd: tree.dir }, selection)).map((line) => line.text),
          renderApplyAgain('cli', undefined, selection),
          renderPlanAgain({ review: false }, selection, undefined),
        ];
        expect(texts.filter((text) => !text.includes('dashsync plan')), how).toEqual([]);
        expect(texts.flatMap(appliesWithoutPlanFile), how).toEqual([]);
      }
      expect(renderApplyAgain('cli', undefined, pruningAll.flag)).toBe(
        'Run dashsync plan --api legacy --prune all --out plan.json again and review it, then dashsync apply --api legacy plan.json',
      );
    } finally {
      await tree.cleanup();
    }
  });
});
