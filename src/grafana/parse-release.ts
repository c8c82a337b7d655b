/** A Grafana release's numbers, as `/api/health` reports them. */
export interface Release {
  readonly major: number;
  readonly minor: number;
  /** 0 when the version string names none (`12.3`). */
  readonly patch: number;
}

// A pre-release or build suffix (`-pre`, `-12345`, `+security-01`) names no other release, so it is read past.
const RELEASE_TEXT = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?$/;

/** `12.3.2`, `v11.2.0`, `12.0.0-pre`, `11.6.0+security-01` → their numbers; null when hidden (`hide_version`) or not a release. */
export function parseRelease(version: string | null): Release | null {
  const match = version === null ? null : RELEASE_TEXT.exec(version);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** The major release number; null when hidden or not a release. */
export function majorOf(version: string | null): number | null {
  return parseRelease(version)?.major ?? null;
}
