import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { applyJobsWithoutBackups } from '../../scripts/lib/apply-jobs-without-backups.mjs';

const repo = join(import.meta.dirname, '../..');

/** Every ```yaml block of README.md and docs/*.md, parsed, with the file and line it opens on. */
function documentedYaml(): { where: string; doc: unknown }[] {
  const files = ['README.md', ...readdirSync(join(repo, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
  return files.flatMap((file) => {
    const blocks: { where: string; doc: unknown }[] = [];
    const lines = readFileSync(join(repo, file), 'utf8').split('\n');
    for (let at = 0; at < lines.length; at += 1) {
      const open = /^(\s*)```ya?ml\s*$/.exec(lines[at]!);
      if (!open) continue;
      const body: string[] = [];
      let end = at + 1;
      for (; end < lines.length && !/^\s*```\s*$/.test(lines[end]!); end += 1) body.push(lines[end]!.slice(open[1]!.length));
      blocks.push({ where: `${file}:${at + 1}`, doc: YAML.parse(body.join('\n')) });
      at = end;
    }
    return blocks;
  });
}

/**
 * walk-69 H1: a documented workflow whose apply job uploads no backups loses a prune's only copy with the runner (on storage
 * without "Recently deleted"). Every documented job that applies with the Action keeps them.
 */
describe('the documented workflows keep what apply prunes', () => {
  it('every job that applies with the Action uploads .dashsync/backups/ after it', () => {
    const blocks = documentedYaml();
    const applying = blocks.filter(({ doc }) => JSON.stringify(doc ?? null).includes('"command":"apply"'));
    // The promotion and matrix workflows (docs/environments.md), the single-environment one (docs/action.md, README).
    expect(applying.length).toBeGreaterThanOrEqual(4);
    expect(blocks.flatMap(({ where, doc }) => applyJobsWithoutBackups(doc).map((job) => `${where} ${job}`))).toEqual([]);
  });

  it('names an apply job with no upload, one uploading elsewhere, and one whose upload a failed apply skips', () => {
    const apply = { uses: 'OWNER/dashsync@v1', with: { command: 'apply' } };
    const upload = (step: Record<string, unknown>) => ({ uses: 'actions/upload-artifact@v4', ...step });
    const workflow = {
      jobs: {
        kept: { steps: [{ uses: 'actions/checkout@v4' }, apply, upload({ if: 'always()', with: { path: '.dashsync/backups/staging/' } })] },
        none: { steps: [apply] },
        elsewhere: { steps: [apply, upload({ if: 'always()', with: { path: 'production.plan.json' } })] },
        skipped: { steps: [apply, upload({ with: { path: '.dashsync/backups/' } })] },
        before: { steps: [upload({ if: 'always()', with: { path: '.dashsync/backups/' } }), apply] },
        plans: { steps: [{ uses: 'OWNER/dashsync@v1', with: { command: 'plan' } }] },
      },
    };
    expect(applyJobsWithoutBackups(workflow)).toEqual(['none', 'elsewhere', 'skipped', 'before']);
  });
});
