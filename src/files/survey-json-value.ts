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
  survey.keys = surveyItem(value, survey, 0);
  return survey;
}

/** Keys under `item` (0 for a leaf); notes in `survey` a number that may be inexact. */
function surveyItem(item: unknown, survey: JsonValueSurvey, depth: number): number {
  if (typeof item === 'object' && item !== null) {
    if (depth >= MAX_JSON_DEPTH || survey.tooDeep) {
      survey.tooDeep = true;
      return 0;
    }
    return surveyContainer(item, survey, depth + 1);
  }
  if (typeof item === 'number' && !survey.mayHoldInexactNumber && mayBeInexactNumber(item)) survey.mayHoldInexactNumber = true;
  return 0;
}

function surveyContainer(value: object, survey: JsonValueSurvey, depth: number): number {
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += surveyItem(item, survey, depth);
    return count;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) count += 1 + surveyItem(object[key], survey, depth);
  return count;
}
