import { MAX_JSON_DEPTH } from './find-deep-nesting.js';
import { mayBeInexactNumber } from './find-inexact-number.js';

/** What one walk of a parsed JSON value tells the checks of its text. */
export interface JsonValueSurvey {
  /** Keys of every object in it (hasNoDuplicateKey compares them with the text's). */
  keys: number;
  /**
   * mayHoldInexactNumber of the value: false when no number in it, nor in any part of it (a
   * model or spec inside a wrapper or resource), can come from a literal findInexactNumber reports.
   */
  mayHoldInexactNumber: boolean;
  /** True when the value nests deeper than MAX_JSON_DEPTH: the walk stopped there (keys is then a part count). */
  tooDeep: boolean;
}

/**
 * Pure: one walk of `value` (JSON.parse of a text) for the two checks that need one, so that a
 * file's numbers are judged without a walk of their own. for-in allocates nothing, and an object
 * JSON.parse made inherits no enumerable key.
 */
export function surveyJsonValue(value: unknown): JsonValueSurvey {
  const survey: JsonValueSurvey = { keys: 0, mayHoldInexactNumber: false, tooDeep: false };
  if (typeof value === 'object' && value !== null) survey.keys = surveyContainer(value, survey, 1);
  else if (typeof value === 'number') survey.mayHoldInexactNumber = mayBeInexactNumber(value);
  return survey;
}

/**
 * Keys in `container` (at nesting `depth`) and under it; notes in `survey` a number that may be
 * inexact. One function that calls only itself (and the number check): a short-lived process
 * compiles it in each thread that reads files, and two mutually recursive ones each compiled the
 * other inlined.
 */
function surveyContainer(container: object, survey: JsonValueSurvey, depth: number): number {
  if (depth > MAX_JSON_DEPTH || survey.tooDeep) {
    survey.tooDeep = true;
    return 0;
  }
  let count = 0;
  if (Array.isArray(container)) {
    for (let index = 0; index < container.length; index += 1) {
      const item: unknown = container[index];
      if (typeof item === 'object' && item !== null) count += surveyContainer(item, survey, depth + 1);
      else if (typeof item === 'number' && !survey.mayHoldInexactNumber && mayBeInexactNumber(item)) survey.mayHoldInexactNumber = true;
    }
    return count;
  }
  const object = container as Record<string, unknown>;
  for (const key in object) {
    count += 1;
    const item = object[key];
    if (typeof item === 'object' && item !== null) count += surveyContainer(item, survey, depth + 1);
    else if (typeof item === 'number' && !survey.mayHoldInexactNumber && mayBeInexactNumber(item)) survey.mayHoldInexactNumber = true;
  }
  return count;
}
