import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { readJson, writes } from './workspace.js';
import { commitAll } from '../../pull/pull-fixture.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const OVER_LIMIT = '2 deletes exceed maxDeletes 1: apply refuses them unless its limit is 2 or more ("maxDeletes" in dashsync.config.json, or apply --max-deletes 2)';

describe('a plan over maxDeletes', () => {
  it('warns in text, markdown and json, from the config or --max-deletes; within the limit it says nothing', async () => {
    const { workspace } = await appliedExample({ grafanaVersion: '12' });
    await commitAll(workspace.dir); // git's history shows the directory was this tree's (prune's evidence)
    await rm(join(workspace.dir, 'dashboards/platform/databases'), { recursive: true });

    const text = await workspace.cli(['plan', '--prune', '--max-deletes', '1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`  ! ${OVER_LIMIT}; review the deletes;`);
    const markdown = await workspace.cli(['plan', '--prune', '--max-deletes', '1', '--format', 'markdown']);
    expect(markdown.stdout).toContain(`> - ${OVER_LIMIT}; review the deletes;`);
    const json = await workspace.cli(['plan', '--prune', '--max-deletes', '1', '--format', 'json']);
    expect(JSON.parse(json.stdout).warnings).toContainEqual({ kind: 'max-deletes', uid: null, deletes: 2, maxDeletes: 1 });

    const within = await workspace.cli(['plan', '--prune', '--max-deletes', '2']);
    expect(within.stdout).not.toContain('maxDeletes');
    expect(within.stdout).toContain('2 to delete');
  });

  it('warns from the config file, and the saved plan is refused by the apply it warned of, before any write', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    const configPath = join(workspace.dir, 'dashsync.config.json');
    await writeFile(configPath, JSON.stringify({ ...(await readJson(configPath)), maxDeletes: 1 }));
    await commitAll(workspace.dir); // git's history shows the directory was this tree's (prune's evidence)
    await rm(join(workspace.dir, 'dashboards/platform/databases'), { recursive: true });

    const planned = await workspace.cli(['plan', '--prune', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain(OVER_LIMIT);
    sandbox.clearRequests();
    const refused = await workspace.cli(['apply', 'plan.json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('more than the limit of 1; nothing was applied. Review the deletes, then allow them with --max-deletes 2');
    expect(writes(sandbox)).toEqual([]);
  });
});

/** The example applied, its config's maxDeletes set to `maxDeletes` (none: the default 10), and the databases directory (2 dashboards) removed. */
async function twoDeletesPending(maxDeletes?: number) {
  const applied = await appliedExample({ grafanaVersion: '12' });
  const { workspace } = applied;
  if (maxDeletes !== undefined) {
    const configPath = join(workspace.dir, 'dashsync.config.json');
    await writeFile(configPath, JSON.stringify({ ...(await readJson(configPath)), maxDeletes }));
  }
  await commitAll(workspace.dir); // git's history shows the directory was this tree's (prune's evidence)
  await rm(join(workspace.dir, 'dashboards/platform/databases'), { recursive: true });
  return applied;
}

const dashboardDeletesSent = (sandbox: Awaited<ReturnType<typeof appliedExample>>['sandbox']) => writes(sandbox).filter((write) => write.method === 'DELETE' && write.path.startsWith('/api/dashboards/uid/')).length;

describe('apply whose limit lets through deletes a lower limit refuses', () => {
  it('a saved plan that warned of maxDeletes 1, applied with --max-deletes 5: the deletes go, and a warning says whose limit they exceed', async () => {
    const { sandbox, workspace } = await twoDeletesPending(1);
    expect((await workspace.cli(['plan', '--prune', '--out', 'plan.json'])).stdout).toContain(OVER_LIMIT);

    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', 'plan.json', '--max-deletes', '5']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      'warning: 2 deletes exceed maxDeletes 1, the limit the plan was made with (its warning said apply would refuse them); --max-deletes 5 lets them through\n',
    );
    expect(dashboardDeletesSent(sandbox)).toBe(2);
  });

  it("a saved plan made with --max-deletes 1, applied under the default limit: the warning names the default", async () => {
    const { workspace } = await twoDeletesPending();
    expect((await workspace.cli(['plan', '--prune', '--max-deletes', '1', '--out', 'plan.json'])).stdout).toContain(OVER_LIMIT);

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('warning: 2 deletes exceed maxDeletes 1, the limit the plan was made with (its warning said apply would refuse them); the default maxDeletes 10 lets them through\n');
  });

  it("planned and applied at once with --max-deletes 5 over the config's maxDeletes 1: the warning names the config file; within both limits, none", async () => {
    const { sandbox, workspace } = await twoDeletesPending(1);
    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', '--prune', '--auto-approve', '--max-deletes', '5']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('warning: 2 deletes exceed maxDeletes 1 of dashsync.config.json; --max-deletes 5 lets them through\n');
    expect(dashboardDeletesSent(sandbox)).toBe(2);

    const { workspace: within } = await twoDeletesPending(2);
    const quiet = await within.cli(['apply', '--prune', '--auto-approve', '--max-deletes', '5']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain('lets them through');
  });
});

describe('apply with a saved plan', () => {
  it.each(['--include', '--exclude'])('refuses %s (the plan applies whole) before any write', async (flag) => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    const planned = await workspace.cli(['plan', '--prune', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);

    sandbox.clearRequests();
    const refused = await workspace.cli(['apply', 'plan.json', flag, 'applications/**']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: ${flag} is decided when planning: the saved plan applies whole; nothing was applied. Make the plan with dashsync plan ${flag} 'applications/**' --prune --out plan.json, or apply it without ${flag}\n`,
    );
    expect(writes(sandbox)).toEqual([]);
  });

  it('refuses --root (the plan read its tree) before any write', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);

    sandbox.clearRequests();
    const refused = await workspace.cli(['apply', 'plan.json', '--root', 'elsewhere']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'error: --root is decided when planning: the saved plan applies whole; nothing was applied. Make the plan with dashsync plan --root elsewhere --out plan.json, or apply it without --root\n',
    );
    expect(writes(sandbox)).toEqual([]);
  });
});
