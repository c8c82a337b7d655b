/**
 * Milliseconds in a Grafana duration string, or undefined when Grafana could not parse it.
 * Mirrors Grafana's gtime.ParseDuration: `<n>d|w|M|y` (a month is 1/12 of 365.25 days),
 * otherwise Go's time.ParseDuration (`300ms`, `1.5h`, `1h30m`, a bare `0`).
 */
export function parseGrafanaDuration(text: string): number | undefined {
  const dateUnit = /^(\d+)([dwMy])$/.exec(text);
  if (dateUnit) return Number(dateUnit[1]) * DATE_UNIT_MS[dateUnit[2]!]!;
  return parseGoDuration(text);
}

const DAY = 24 * 60 * 60 * 1000;
const YEAR = DAY * 365.25;
const DATE_UNIT_MS: Record<string, number> = { d: DAY, w: 7 * DAY, M: YEAR / 12, y: YEAR };

const GO_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * GO_UNIT_MS[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}
