/**
 * The v1 number ↔ v2 name enums of template variables (v1 index = position), shared by both converters
 * (apps/dashboard/pkg/migration/conversion: transformVariableHide/Refresh/Sort and their inverses).
 */
export const HIDE_NAMES = ['dontHide', 'hideLabel', 'hideVariable'];
export const REFRESH_NAMES = ['never', 'onDashboardLoad', 'onTimeRangeChanged'];
export const SORT_NAMES = [
  'disabled',
  'alphabeticalAsc',
  'alphabeticalDesc',
  'numericalAsc',
  'numericalDesc',
  'alphabeticalCaseInsensitiveAsc',
  'alphabeticalCaseInsensitiveDesc',
  'naturalAsc',
  'naturalDesc',
];
