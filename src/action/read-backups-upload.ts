import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseAllDocuments } from '../files/yaml-parser.js';

/**
 * Whether the job this step runs in keeps the backup directory once the runner is gone: `uploads`, a step of the job
 * uploads it as an artifact whatever came before (`if: always()`, actions/upload-artifact, a path holding the directory);
 * `none`, the job's steps in its workflow file show no such step (`workflow`: that file, relative to the workspace; `job`:
 * its id); `unknown`, the workflow file could not be read or the job not found in it (`why`).
 */
export type BackupsUpload = { kind: 'uploads' } | { kind: 'none'; workflow: string; job: string } | { kind: 'unknown'; why: string };

/**
 * Reads the workflow file of the run (GITHUB_WORKFLOW_REF, `owner/repo/.github/workflows/x.yml@refs/…`, in the checkout at
 * GITHUB_WORKSPACE) for the job (GITHUB_JOB) and judges its upload steps (uploadsBackupDir). Only asked after an apply whose
 * backups are the only copy of what it deleted. Never throws.
 */
export async function readBackupsUpload(env: Record<string, string | undefined>, backupDir: string): Promise<BackupsUpload> {
  const ref = env.GITHUB_WORKFLOW_REF?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  const workspace = env.GITHUB_WORKSPACE?.trim();
  const job = env.GITHUB_JOB?.trim();
  if (!ref || !repository || !workspace || !job) return { kind: 'unknown', why: 'the runner did not name the workflow file and job (GITHUB_WORKFLOW_REF, GITHUB_JOB)' };
  const path = ref.replace(/@.*$/s, '');
  // A workflow of another repository (a reusable one called from there) is not in this checkout.
  if (!path.startsWith(`${repository}/`)) return { kind: 'unknown', why: `the workflow ${path} is not in this repository's checkout` };
  const workflow = path.slice(repository.length + 1);
  let text: string;
  try {
    text = await readFile(resolve(workspace, workflow), 'utf8');
  } catch {
    return { kind: 'unknown', why: `${workflow} is not in the checkout at GITHUB_WORKSPACE` };
  }
  const [document] = parseAllDocuments(text);
  const parsed: unknown = document === undefined || document.errors.length > 0 ? null : document.toJS();
  const steps = stepsOf(parsed, job);
  if (steps === null) return { kind: 'unknown', why: `${workflow} has no job ${job} with steps dashsync could read` };
  // Only a step after the apply keeps what it backed up (where the apply step cannot be told, any step of the job counts).
  const apply = steps.findIndex((step) => isRecord(step) && /dashsync/i.test(String(step.uses ?? '')) && isRecord(step.with) && step.with.command === 'apply');
  return steps.slice(apply + 1).some((step) => uploadsBackupDir(step, workspace, backupDir)) ? { kind: 'uploads' } : { kind: 'none', workflow, job };
}

function stepsOf(workflow: unknown, job: string): unknown[] | null {
  const jobs = isRecord(workflow) && isRecord(workflow.jobs) ? workflow.jobs : null;
  const steps = jobs !== null && isRecord(jobs[job]) ? jobs[job].steps : null;
  return Array.isArray(steps) ? steps : null;
}

/**
 * Whether a step uploads the backup directory whatever the steps before it did: actions/upload-artifact, `if:` holding
 * `always()` (a failed apply may have deleted some already), and a `path:` line (relative to the workspace, up to its first
 * glob character or workflow expression) at or above the directory.
 */
function uploadsBackupDir(step: unknown, workspace: string, backupDir: string): boolean {
  if (!isRecord(step) || !/^actions\/upload-artifact@/.test(String(step.uses ?? '')) || !/always\(\)/.test(String(step.if ?? ''))) return false;
  const paths = isRecord(step.with) && typeof step.with.path === 'string' ? step.with.path.split('\n') : [];
  return paths.some((line) => {
    const given = line.trim();
    if (given === '' || given.startsWith('!')) return false;
    // A workflow expression (`${{ matrix.environment }}`, as docs/environments.md's matrix uploads) is cut at as a glob is.
    const path = given.replace(/(?:\$\{\{|[*?[{]).*$/s, '');
    const under = relative(resolve(workspace, path), backupDir);
    return !under.startsWith('..') && !isAbsolute(under);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
