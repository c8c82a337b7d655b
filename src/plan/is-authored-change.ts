/** A change of the labels or annotations (`metadata.labels.team`, `metadata.annotations["example.com/x"]`), not of the dashboard's content. */
export const isAuthoredChange = (change: { path: string }): boolean => /^metadata\.(labels|annotations)\b/.test(change.path);
