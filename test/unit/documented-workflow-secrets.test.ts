import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Job {
  environment?: unknown;
  steps?: { uses?: string; with?: Record<string, unknown>; env?: Record<string, unknown> }[];
}

/** Every ```yaml block of README.md and docs/*.md that runs dashsync's Action in a job, named by its file and line. */
async function documentedWorkflows(): Promise<{ where: string; text: string }[]> {
  const docs = (await readdir(join(REPO, 'docs'))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  const workflows: { where: string; text: string }[] = [];
  for (const file of ['README.md', ...docs]) {
    const text = await readFile(join(REPO, file), 'utf8');
    for (const match of text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
      if (!/^jobs:/m.test(match[1]!) || !match[1]!.includes('OWNER/dashsync')) continue;
      workflows.push({ where: `${file}:${text.slice(0, match.index).split('\n').length}`, text: match[1]! });
    }
  }
  return workflows;
}

/** The secrets a dashsync step takes its Grafana token from: the grafana-token input, or GRAFANA_TOKEN_<NAME> in its env. */
function tokenSecrets(job: Job): string[] {
  const sources = (job.steps ?? [])
    .filter((step) => step.uses?.startsWith('OWNER/dashsync') === true)
    .flatMap((step) => [step.with?.['grafana-token'], ...Object.entries(step.env ?? {}).filter(([name]) => name.startsWith('GRAFANA_TOKEN')).map(([, value]) => value)]);
  return sources.flatMap((value) => [...String(value ?? '').matchAll(/secrets\.([A-Z0-9_]+)/g)].map((match) => match[1]!));
}

function appliesIn(job: Job): boolean {
  return (job.steps ?? []).some((step) => step.uses?.startsWith('OWNER/dashsync') === true && String(step.with?.command ?? '').includes('apply'));
}

describe('the documented GitHub workflows', () => {
  it('parse, and hand a token that may write Grafana only to a job that names a deployment environment (never a repository secret)', async () => {
    const workflows = await documentedWorkflows();
    expect(workflows.length).toBeGreaterThanOrEqual(5);
    const wrong: string[] = [];
    for (const { where, text } of workflows) {
      const jobs = (parse(text) as { jobs: Record<string, Job> }).jobs;
      for (const [name, job] of Object.entries(jobs)) {
        const secrets = tokenSecrets(job);
        const editor = secrets.filter((secret) => secret === 'GRAFANA_EDITOR_TOKEN');
        if (appliesIn(job) && (job.environment === undefined || editor.length === 0 || editor.length !== secrets.length)) {
          wrong.push(`${where} job ${name}: applies with ${secrets.join(', ') || 'no secret'}${job.environment === undefined ? ' and no environment' : ''}`);
        }
        if (!appliesIn(job) && secrets.some((secret) => !secret.startsWith('GRAFANA_VIEWER_TOKEN'))) wrong.push(`${where} job ${name}: plans with ${secrets.join(', ')}`);
        if (job.environment === undefined && editor.length > 0) wrong.push(`${where} job ${name}: reads GRAFANA_EDITOR_TOKEN without an environment`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("say read-only-token: true on every step that plans with a Viewer's token, and on no apply step", async () => {
    const wrong: string[] = [];
    for (const { where, text } of await documentedWorkflows()) {
      for (const [name, job] of Object.entries((parse(text) as { jobs: Record<string, Job> }).jobs)) {
        for (const step of (job.steps ?? []).filter((each) => each.uses?.startsWith('OWNER/dashsync') === true)) {
          const command = String(step.with?.command ?? '');
          const readOnly = step.with?.['read-only-token'] === true;
          const secrets = tokenSecrets({ steps: [step] });
          const viewer = secrets.length > 0 && secrets.every((secret) => secret.startsWith('GRAFANA_VIEWER_TOKEN'));
          if (command === 'plan' && viewer && !readOnly) wrong.push(`${where} job ${name}: plans with ${secrets.join(', ')} without read-only-token: true`);
          if (command !== 'plan' && readOnly) wrong.push(`${where} job ${name}: read-only-token on command ${command}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
