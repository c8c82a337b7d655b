import { readFile } from 'node:fs/promises';
import { isAbsolute, posix, relative, resolve } from 'node:path';
import { parseAllDocuments } from '../files/yaml-parser.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * Whether the job this step runs in keeps the backup directory once the runner is gone: `uploads`, a step of the job
 * uploads it as an artifact whatever came before (`if: always()`, actions/upload-artifact, a path holding the directory);
 * `none`, the job's steps in its workflow file show no such step (`workflow`: that file, relative to the workspace; `job`:
 * its id); `unknown`, the workflow file could not be read or the job not found in it (`why`), with `elsewhere` where the job
 * runs in a reusable workflow of another repository (`uses`: each such workflow the run's calls, as written), which the
 * checkout does not hold.
 */
export type BackupsUpload =
  | { kind: 'uploads' }
  | { kind: 'none'; workflow: string; job: string }
  | { kind: 'unknown'; why: string; elsewhere?: { job: string; uses: string[] } };

/** How many levels of workflows GitHub connects: a workflow, the reusable ones it calls, those they call… */
const WORKFLOW_LEVELS = 4;

/**
 * Reads the workflow file of the run (GITHUB_WORKFLOW_REF, `owner/repo/.github/workflows/x.yml@refs/…`, in the checkout at
 * GITHUB_WORKSPACE) for the job (GITHUB_JOB) and judges its upload steps (uploadsBackupDir). In a reusable workflow the
 * runner names the calling workflow and the called job's id: the job is looked for in the reusable workflows of this
 * repository the file calls (`uses: ./.github/workflows/…` at job level, read from the checkout too, as GitHub reads them
 * at the caller's commit). Only asked after an apply whose backups are the only copy of what it deleted. Never throws.
 */
export async function readBackupsUpload(env: Record<string, string | undefined>, backupDir: string): Promise<BackupsUpload> {
  const ref = env.GITHUB_WORKFLOW_REF?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  const workspace = env.GITHUB_WORKSPACE?.trim();
  const job = env.GITHUB_JOB?.trim();
  if (!ref || !repository || !workspace || !job) return { kind: 'unknown', why: 'the runner did not name the workflow file and job (GITHUB_WORKFLOW_REF, GITHUB_JOB)' };
  const path = ref.replace(/@.*$/s, '');
  if (!path.startsWith(`${repository}/`)) return { kind: 'unknown', why: `the workflow ${path} is not in this repository's checkout` };
  const workflow = path.slice(repository.length + 1);
  const found = await findJob(workspace, workflow, job, WORKFLOW_LEVELS, new Set());
  const own = found.unread.find((entry) => entry.workflow === workflow);
  if (own !== undefined) return { kind: 'unknown', why: own.missing ? `${workflow} is not in the checkout at GITHUB_WORKSPACE` : `${workflow} is not YAML dashsync could read` };
  // The job that runs the apply, where one does: a job of the same id in another workflow the run calls is not this one.
  const applying = found.jobs.filter((entry) => applyStepAt(entry.steps) >= 0);
  const judged = applying.length > 0 ? applying : found.jobs;
  if (judged.length === 0) {
    if (found.remote.length > 0) {
      return {
        kind: 'unknown',
        why: `job ${quoteText(job)} is in neither ${workflow} nor a reusable workflow of this repository it calls: it runs in one of another repository, which this checkout does not hold`,
        elsewhere: { job, uses: [...new Set(found.remote)] },
      };
    }
    if (found.unread.length > 0) return { kind: 'unknown', why: `${found.unread.map((entry) => entry.workflow).join(', ')}, which ${workflow} calls, could not be read` };
    return { kind: 'unknown', why: `${workflow} has no job ${job} with steps dashsync could read` };
  }
  const unkept = judged.find((entry) => !entry.steps.slice(applyStepAt(entry.steps) + 1).some((step) => uploadsBackupDir(step, workspace, backupDir)));
  return unkept === undefined ? { kind: 'uploads' } : { kind: 'none', workflow: unkept.workflow, job };
}

/**
 * What the workflow files say of one job: its steps in each file that defines it (the run's own, and the reusable workflows of
 * this repository it calls), the reusable workflows of other repositories called on the way (`remote`, as `uses:` names
 * them), and the files that could not be read (`missing`: not there) or parsed (`unread`).
 */
interface JobFound {
  jobs: { workflow: string; steps: unknown[] }[];
  remote: string[];
  unread: { workflow: string; missing: boolean }[];
}

/** JobFound of `job` in `workflow` (relative to the workspace) and the workflows it calls, `levels` deep; each file read once. */
async function findJob(workspace: string, workflow: string, job: string, levels: number, seen: Set<string>): Promise<JobFound> {
  seen.add(workflow);
  const read = await readWorkflow(resolve(workspace, workflow));
  if (typeof read === 'string') return { jobs: [], remote: [], unread: [{ workflow, missing: read === 'missing' }] };
  const jobs = isRecord(read.parsed) && isRecord(read.parsed.jobs) ? read.parsed.jobs : {};
  const own = jobs[job];
  const found: JobFound = { jobs: isRecord(own) && Array.isArray(own.steps) ? [{ workflow, steps: own.steps }] : [], remote: [], unread: [] };
  if (levels <= 1) return found;
  for (const entry of Object.values(jobs)) {
    const uses = isRecord(entry) && typeof entry.uses === 'string' ? entry.uses.trim() : '';
    if (uses === '') continue;
    if (!uses.startsWith('./')) {
      found.remote.push(uses);
      continue;
    }
    // GitHub takes a reusable workflow of the same repository from .github/workflows only.
    const called = posix.normalize(uses.slice(2));
    if (!/^\.github\/workflows\/[^/]+$/.test(called) || seen.has(called)) continue;
    const inner = await findJob(workspace, called, job, levels - 1, seen);
    found.jobs.push(...inner.jobs);
    found.remote.push(...inner.remote);
    found.unread.push(...inner.unread);
  }
  return found;
}

/** A workflow file's YAML as data; `missing` where it cannot be read, `unparsed` where it is not YAML. */
async function readWorkflow(file: string): Promise<{ parsed: unknown } | 'missing' | 'unparsed'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return 'missing';
  }
  const [document] = parseAllDocuments(text);
  return document === undefined || document.errors.length > 0 ? 'unparsed' : { parsed: document.toJS() as unknown };
}

/** Where the steps run dashsync's apply (a step of the Action with command: apply); -1 where none can be told (then any step of the job counts). */
function applyStepAt(steps: readonly unknown[]): number {
  return steps.findIndex((step) => isRecord(step) && /dashsync/i.test(String(step.uses ?? '')) && isRecord(step.with) && step.with.command === 'apply');
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
