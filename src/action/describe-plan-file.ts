import { markdownCode } from '../report/escape-untrusted.js';

/**
 * The saved plan as the job summary and the pull-request comment point a reviewer to it: the file, and the command that
 * prints it whole (`dashsync show`), since a JSON file is no review. `saved`: words after the name (`this run saved`).
 */
export function describePlanFile(planFile: string, saved?: string): string {
  return `the plan file ${markdownCode(planFile)}${saved ? ` ${saved}` : ''} (${markdownCode(`dashsync show ${planFile}`)} prints it)`;
}
