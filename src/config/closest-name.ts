import { editDistance } from '../edit-distance.js';

/**
 * The closest candidate for "did you mean" (case-insensitive): within edit distance 1 of a
 * word of 3 to 5 characters, 2 of a longer one; a shorter word only matches by case.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(2, Math.floor(word.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const hint = closestName(word, candidates);
  return hint ? ` (did you mean "${hint}"?)` : '';
}
