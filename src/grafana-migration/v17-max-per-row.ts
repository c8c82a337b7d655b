import { convertToFloat, type JsonMap } from './go-values.js';

/** The factors of the grid's 24 columns, ascending (getFactors(24)). */
const GRID_FACTORS = [1, 2, 3, 4, 6, 8, 12, 24];

/**
 * V17 (schemaversion/v17.go migrateMinSpanToMaxPerRow): a panel's `minSpan` becomes `maxPerRow`, the factor of 24 before
 * the first one above 24 / minSpan. `minSpan` goes in every case; one that is no number (ConvertToFloat: a number, or a
 * numeric string with or without `px`) or not positive gives nothing, and so does one of 1 or less (no factor above 24:
 * the frontend's factors[-2], undefined). One above 24 gives 1 (the Go port's `factorIndex == 0` branch, which PR #129285
 * of 2026-07-27 drops: UNCONFIRMED which 13.x carries it).
 */
export function migrateMinSpan(panel: JsonMap): void {
  if (!Object.hasOwn(panel, 'minSpan')) return;
  const minSpan = convertToFloat(panel.minSpan);
  delete panel.minSpan;
  if (minSpan === undefined || !(minSpan > 0)) return;
  const max = 24 / minSpan;
  const index = GRID_FACTORS.findIndex((factor) => factor > max);
  if (index > 0) panel.maxPerRow = GRID_FACTORS[index - 1];
  else if (index === 0) panel.maxPerRow = 1;
}
