// Pairs (pure): per scenario the floors and dashsync run in turn R times against one sandbox, each
// ratio is taken pair by pair, and the report quotes its median with the min and max beside it.
// A slow or a lucky run moves one pair, not the median; a wide spread says the machine was noisy.

const isNumber = (value) => typeof value === 'number' && !Number.isNaN(value);

/** The median of the numbers among `values` (undefined and NaN left out); undefined when none is left. */
export function median(values) {
  const sorted = values.filter(isNumber).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min, max and count of the numbers among `values`. */
export function spreadOf(values) {
  const numbers = values.filter(isNumber);
  if (numbers.length === 0) return { median: undefined, min: undefined, max: undefined, count: 0 };
  return { median: median(numbers), min: Math.min(...numbers), max: Math.max(...numbers), count: numbers.length };
}

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * One record of the same shape as each of `records`, each number the median of its values there.
 * A boolean is true only when it is true in all (a run is ok when every repetition was). Any other
 * value (a note, a version) comes from the first record whose `ok` is false, else from the first
 * that has it: a failed repetition's note is what the table must show.
 */
export function medianRecord(records) {
  const present = records.filter((record) => record !== undefined);
  if (present.length === 0) return undefined;
  const keys = [...new Set(present.flatMap((record) => Object.keys(record)))];
  const failed = present.find((record) => record.ok === false);
  const result = {};
  for (const key of keys) {
    const values = present.map((record) => record[key]);
    const defined = values.filter((value) => value !== undefined);
    if (defined.length === 0) result[key] = undefined;
    else if (defined.every(isPlainObject)) result[key] = medianRecord(defined);
    else if (defined.every((value) => typeof value === 'number')) result[key] = median(defined);
    else if (defined.every((value) => typeof value === 'boolean')) result[key] = defined.every(Boolean);
    else result[key] = failed && failed[key] !== undefined ? failed[key] : defined[0];
  }
  return result;
}

/** The value at `path` (e.g. ['work', 'planNoop']) of each record. */
const valuesAt = (records, path) => records.map((record) => path.reduce((value, key) => value?.[key], record));

/**
 * What the pairs table shows, per scenario: the spread of the wall-time ratio and of the client CPU
 * ratio over the pairs. `pairRatios` = one scenarioRatios result per pair; labels as the report names scenarios.
 */
export function pairSpreads(pairRatios, { n, latencyMs }) {
  const slow = `+${latencyMs} ms/request`;
  const row = (label, against, wall, cpu) => ({ label, against, wall: spreadOf(valuesAt(pairRatios, wall)), cpu: cpu && spreadOf(valuesAt(pairRatios, cpu)) });
  return [
    row('plan, no changes', 'work floor', ['work', 'planNoop'], ['cpuWork', 'planNoop']),
    row('plan, all changed', 'work floor', ['work', 'planChanged'], ['cpuWork', 'planChanged']),
    row(`apply, ${n} creates`, 'work floor', ['work', 'applyCreate'], ['cpuWork', 'applyCreate']),
    row(`apply, ${n} updates`, 'work floor', ['work', 'applyUpdate'], ['cpuWork', 'applyUpdate']),
    row(`plan, ${slow}`, 'work floor', ['work', 'latency'], ['cpuWork', 'latency']),
    row(`plan, ${slow}`, 'ideal', ['latency']),
    row(`/apis apply, ${n} creates`, 'list floor', ['k8s', 'applyCreate'], ['cpuK8s', 'applyCreate']),
    row('/apis plan, no changes', 'list floor', ['k8s', 'planNoop'], ['cpuK8s', 'planNoop']),
    row('/apis plan, all changed', 'list floor', ['k8s', 'planChanged'], ['cpuK8s', 'planChanged']),
    row(`/apis apply, ${n} updates`, 'list floor', ['k8s', 'applyUpdate'], ['cpuK8s', 'applyUpdate']),
    row(`/apis plan, no changes, ${slow}`, 'list floor', ['k8s', 'latency'], ['cpuK8s', 'latency']),
    row(`/apis plan, no changes, ${slow}`, 'legacy ideal', ['k8sIdeal']),
    row(`/apis plan, all changed, ${slow}`, 'list floor', ['k8s', 'latencyChanged'], ['cpuK8s', 'latencyChanged']),
    row(`/apis apply, ${n} updates, ${slow}`, 'list floor', ['k8s', 'latencyUpdate'], ['cpuK8s', 'latencyUpdate']),
  ].filter((spread) => spread.wall.count > 0 || (spread.cpu?.count ?? 0) > 0);
}
