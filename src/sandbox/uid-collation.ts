import type { SandboxState } from './state.js';

/**
 * How the database compares uids. Grafana's SQLite and PostgreSQL compare them byte for byte; on MySQL every text
 * column Grafana's migrator creates is `CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
 * (pkg/services/sqlstore/migrator/mysql_dialect.go SQLType), so `uid = ?` and the unique `(org_id, uid)` keys of the
 * dashboard, folder and library_element tables (and unified storage's resource `name`) ignore case: `abc` finds `ABC`
 * (issues #56471, #60427; the collation change proposed in PR #56992 was closed unmerged).
 */
export type UidCollation = 'binary' | 'case-insensitive';

/**
 * A uid-keyed map that, like a MySQL `utf8mb4_unicode_ci` column, finds a key whatever its case. The key kept is the
 * one last set; setting another case of a key replaces that entry (the row is one row). Uids are ASCII
 * (`[A-Za-z0-9_-]`), where the collation is plain case folding.
 */
export class CaseFoldedMap<V> extends Map<string, V> {
  /** Folded key → the key as stored. */
  private readonly stored = new Map<string, string>();

  override get(key: string): V | undefined {
    const name = this.stored.get(key.toLowerCase());
    return name === undefined ? undefined : super.get(name);
  }

  override has(key: string): boolean {
    return this.stored.has(key.toLowerCase());
  }

  override set(key: string, value: V): this {
    // Map's constructor calls set before the fields exist: only empty maps are made here.
    const folded = key.toLowerCase();
    const name = this.stored.get(folded);
    if (name !== undefined && name !== key) super.delete(name);
    this.stored.set(folded, key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const folded = key.toLowerCase();
    const name = this.stored.get(folded);
    if (name === undefined) return false;
    this.stored.delete(folded);
    return super.delete(name);
  }

  override clear(): void {
    this.stored.clear();
    super.clear();
  }
}

/** An org → uid map whose per-org maps fold case: every inner map set into it is copied into a CaseFoldedMap. */
class FoldingOrgMaps<V> extends Map<number, Map<string, V>> {
  override set(orgId: number, inner: Map<string, V>): this {
    if (inner instanceof CaseFoldedMap) return super.set(orgId, inner);
    const folded = new CaseFoldedMap<V>();
    for (const [key, value] of inner) folded.set(key, value);
    return super.set(orgId, folded);
  }
}

function folding<V>(outer: Map<number, Map<string, V>>): Map<number, Map<string, V>> {
  const maps = new FoldingOrgMaps<V>();
  for (const [orgId, inner] of outer) maps.set(orgId, inner);
  return maps;
}

/**
 * Pure: the uids of a state that a case-insensitive collation could not hold apart (`abc` and `ABC` in one org's
 * dashboards, folders or library elements), as `dashboards abc and ABC` phrases; empty when there are none. A
 * state written by a SQLite sandbox may hold both; a MySQL table could not (its unique `(org_id, uid)` key).
 */
export function findUidCaseTwins(state: SandboxState): string[] {
  const found: string[] = [];
  const tables = [['dashboards', state.dashboards], ['folders', state.folders], ['library elements', state.libraryElements]] as const;
  for (const [what, orgs] of tables) {
    for (const [orgId, rows] of orgs as Map<number, Map<string, unknown>>) {
      const byFolded = new Map<string, string>();
      for (const uid of rows.keys()) {
        const other = byFolded.get(uid.toLowerCase());
        if (other !== undefined) found.push(`${what} ${other} and ${uid}${orgId === 1 ? '' : ` (org ${orgId})`}`);
        else byFolded.set(uid.toLowerCase(), uid);
      }
    }
  }
  return found;
}

/** Makes dashboard, folder and library element uids of every org (now and later) compare as `collation` does. */
export function applyUidCollation(state: SandboxState, collation: UidCollation): void {
  if (collation === 'binary') return;
  state.dashboards = folding(state.dashboards);
  state.folders = folding(state.folders);
  state.libraryElements = folding(state.libraryElements);
}
