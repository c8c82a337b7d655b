import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { PlanFileError } from '../errors.js';
import { findPlanProblem } from './validate-plan-actions.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

/** Writes the saved plan atomically (a half-written plan must never be applied). */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(plan, null, 2)}\n`, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw new PlanFileError(`cannot write the plan to ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PlanFileError(`cannot read plan file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlanFileError(`${path} is not a dashsync plan (invalid JSON); create one with: dashsync plan --out ${path}`);
  }
  return validatePlan(value, path);
}

/** A plan read from disk, checked enough that apply never trips over a missing or mistyped field. */
export function validatePlan(value: unknown, path: string): Plan {
  if (typeof value !== 'object' || value === null || !('formatVersion' in value)) {
    throw new PlanFileError(`${path} is not a dashsync plan (no formatVersion); create one with: dashsync plan --out ${path}`);
  }
  const plan = value as Partial<Plan>;
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError(
      `${path} has plan format version ${JSON.stringify(plan.formatVersion)}, this dashsync reads version ${PLAN_FORMAT_VERSION}; re-run dashsync plan with this version`,
    );
  }
  if (!plan.target || typeof plan.target.url !== 'string' || !Array.isArray(plan.dashboards) || !Array.isArray(plan.folders)) {
    throw new PlanFileError(`${path} is an incomplete dashsync plan (target, dashboards or folders missing); re-run dashsync plan`);
  }
  // Plans written before environments existed were made for none.
  if (plan.target.environment === undefined) plan.target.environment = null;
  if (plan.target.environment !== null && typeof plan.target.environment !== 'string') {
    throw new PlanFileError(`${path} is not a valid dashsync plan: target.environment must be a name or null; re-run dashsync plan --out ${path}`);
  }
  const problem = findPlanProblem(plan.dashboards, plan.folders);
  if (problem) throw new PlanFileError(`${path} is not a valid dashsync plan: ${problem}; re-run dashsync plan --out ${path}`);
  return plan as Plan;
}
