/** fmt.Sprintf("%v", x) for the JSON values a dashboard can hold. */
export function formatGoValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return formatGoFloatG(value);
  if (Array.isArray(value)) return `[${value.map(formatGoValue).join(' ')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((key) => `${key}:${formatGoValue((value as Record<string, unknown>)[key])}`);
  return `map[${entries.join(' ')}]`;
}

/**
 * strconv.FormatFloat(v, 'g', -1, 64), which %v uses for float64: the shortest digits, in exponent
 * form (at least two exponent digits) when the decimal exponent is below -4 or at least 6.
 */
function formatGoFloatG(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${magnitude}`;
  }
  return String(value);
}
