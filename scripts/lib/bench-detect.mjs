// What the measured build and the sandbox offer, decided from their own answers (pure).

/** True when a command's `--help` text lists `--api` (issue 13's `--api k8s|legacy|auto`). */
export function supportsApiOption(helpText) {
  return /(^|\s)--api(?![\w-])/m.test(helpText);
}

/**
 * The version of dashboard.grafana.app that a v1 dashboard is read and written at: the first of
 * the v1 family in the group's priority order (13: `v1`, 12: `v1beta1`), never the preferred
 * version blindly (a stock 13 prefers `v2`). `group` is the APIGroup of `GET /apis/<group>`.
 */
export function pickV1Version(group) {
  const versions = (group?.versions ?? []).map((entry) => entry.version);
  const v1 = versions.find((version) => /^v1($|[a-z])/.test(version));
  if (!v1) throw new Error(`dashboard.grafana.app serves no v1 version (it serves: ${versions.join(', ') || 'nothing'})`);
  return v1;
}
