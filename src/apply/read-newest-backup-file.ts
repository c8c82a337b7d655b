import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlanFileError } from '../errors.js';
import { parseJsonDocument } from '../files/parse-json.js';
import { describeCodeThenWhat, knownAdviceToRead } from '../files/file-error-reasons.js';
import type { GrafanaPort } from '../grafana/port.js';
import { sameGrafana } from './same-grafana.js';
import { shorten } from '../report/shorten-path.js';

export interface BackupSource {
  /** The base URL with the run's secrets redacted. */
  url: string;
  /** urlSha256 of the URL as sent (absent in backups from before it was recorded). */
  urlSha256?: string;
  orgId: number | null;
}

/**
 * What a backup records of the Grafana it was taken from: the org the run resolved (the one given, else the credentials'
 * own, one GET /api/user per port), so that a run giving the org and one leaving it to the credentials find each other's
 * backups. Null only when no org was given and Grafana would not say which the credentials act in.
 */
export async function backupSourceOf(grafana: Pick<GrafanaPort, 'url' | 'urlSha256' | 'orgId' | 'credentialsOrgId'>): Promise<Required<BackupSource>> {
  return { url: grafana.url, urlSha256: grafana.urlSha256, orgId: grafana.orgId ?? (await grafana.credentialsOrgId()) };
}

/**
 * What restore looks for: backups of this Grafana, of the org this run resolved (`orgId`, null when unknown).
 * `credentialsOrgId`: the org this run's credentials act in when none is sent, null or absent when unknown.
 */
export interface BackupMatch extends Required<BackupSource> {
  credentialsOrgId?: number | null;
}

/**
 * Pure: whether a backup's recorded org is the one this run restores into. A backup records the org its run resolved;
 * one written before that records null for "the credentials' own org", taken as this run's credentials' org (one token
 * belongs to one org): it matches when this run acts in that org, whether it gave the org or not.
 */
function sameBackupOrg(recorded: number | null | undefined, here: Pick<BackupMatch, 'orgId' | 'credentialsOrgId'>): boolean {
  if ((recorded ?? null) === here.orgId) return true;
  return recorded == null && here.credentialsOrgId != null && here.credentialsOrgId === here.orgId;
}

/** A uid's newest backup that restore cannot take: `flaw` says what is wrong with the file, the message adds how to mend it. */
export class UnreadableBackupError extends PlanFileError {
  constructor(
    readonly flaw: string,
    mend: string,
  ) {
    super(`${flaw}; ${mend}`);
  }
}

/**
 * A backup of the uid taken from another Grafana or org, which restore passes over unless it is named (--from-backup).
 * Its source only as far as it is safe to print (sourceOrigin): no caller can show the URL the file records.
 */
export interface BackupFromElsewhere {
  path: string;
  source: { origin: string; orgId: number | null };
  deletedAt: string;
  /** Taken from this run's Grafana URL (so another org of it): --backup-source with that URL would change nothing. */
  sameUrl: boolean;
  /** Of this run's org (so another URL): --backup-source with that URL, which keeps this run's org, would take it. */
  sameOrg: boolean;
}

/** How a message names the source of a backup from elsewhere: `http://host:3000 org 2`. */
export function describeBackupSource(source: BackupFromElsewhere['source']): string {
  return `${source.origin}${source.orgId === null ? '' : ` org ${source.orgId}`}`;
}

/**
 * The newest backup of `uid` in `dir` (one `<deletedAt>-v<version>.json` per delete) taken from the same
 * Grafana and org, or null (no such directory, or none from that source). `isBackup` checks the
 * kind and format; a file that is not JSON or not such a backup is an error naming it. A backup of
 * another uid is passed over: on a file system that ignores case (macOS, Windows) `Ops` and `ops`
 * share one directory. `elsewhere` collects the backups of `uid` from other sources passed over on the
 * way (all of them when none is from this source), newest first.
 */
export async function readNewestBackupFile<T extends { source: BackupSource; uid?: unknown }>(
  dir: string,
  uid: string,
  source: BackupMatch,
  isBackup: (value: unknown) => value is T,
  /** What is wrong with a file of the right kind and format that isBackup refuses (the error names it), or null. */
  flawOf: (value: unknown) => string | null = () => null,
  elsewhere: BackupFromElsewhere[] = [],
  /** Where the run's paths are named from: an error names the file relative to it, as every file error does (absolute without). */
  cwd?: string,
): Promise<{ path: string; backup: T } | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No directory of this uid: no backup of it. One there that cannot be listed may hold its backups: said, not passed over.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UnreadableBackupError(`${shorten(dir, cwd)}, the directory of ${uid}'s backups, cannot be listed ${describeCodeThenWhat(error)}`, `${knownAdviceToRead(code, 'directory') ?? 'fix it'} and run restore again`);
  }
  // Timestamps in ISO form sort chronologically as text.
  const newestFirst = names.filter((n) => n.endsWith('.json')).sort().reverse();
  for (const [index, name] of newestFirst.entries()) {
    const path = join(dir, name);
    const shown = shorten(path, cwd);
    const older = newestFirst.slice(index + 1);
    // Read only on this error path: the older files restore would take once this one is moved away.
    const mend = async (fix: string) => describeMend(fix, uid, older.length, await countTakeable(dir, older, uid, source, isBackup));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UnreadableBackupError(`${shown} cannot be read ${describeCodeThenWhat(error)}`, await mend(knownAdviceToRead((error as NodeJS.ErrnoException).code) ?? 'fix it'));
    }
    const parsed = parseJsonDocument(text, path, { duplicateKeys: false, holds: 'a dashsync backup holds one JSON object' });
    const syntax = parsed.diagnostics[0];
    if (syntax !== undefined) throw new UnreadableBackupError(`${shown}:${syntax.line}:${syntax.col}: not a readable dashsync backup (${syntax.message})`, await mend('fix it'));
    const value = parsed.value;
    if (!isBackup(value)) {
      const flaw = flawOf(value);
      const what = flaw === null ? 'is not a dashsync backup of format version 1' : `is a dashsync backup whose ${flaw}`;
      throw new UnreadableBackupError(`${shown} ${what}`, await mend('fix it'));
    }
    if (typeof value.uid === 'string' && value.uid !== uid) {
      // On a file system that ignores case, `Api` and `api` share this directory: the other's backups are its own.
      if (value.uid.toLowerCase() === uid.toLowerCase()) continue;
      // Edited by hand (a copy in the making): taking an older backup of the uid instead would bring back older content unsaid.
      throw new UnreadableBackupError(`${shown} holds uid ${JSON.stringify(value.uid)}, not ${uid}, though it is in ${uid}'s backups (edited by hand?)`, await mend(`put "uid": ${JSON.stringify(uid)} back`));
    }
    const sameUrl = sameGrafana(value.source, source);
    const sameOrg = sameBackupOrg(value.source.orgId, source);
    if (sameUrl && sameOrg) return { path, backup: value };
    elsewhere.push({ path, source: { origin: sourceOrigin(value.source.url), orgId: value.source.orgId ?? null }, deletedAt: deletedAtOf(value, name), sameUrl, sameOrg });
  }
  return null;
}

/**
 * What to do about a backup restore cannot take (`fix`: how to mend it), knowing how many older files the uid's directory
 * holds (`older`) and how many of them restore would take (`takeable`: backups of this uid from this Grafana and org).
 */
function describeMend(fix: string, uid: string, older: number, takeable: number): string {
  if (older === 0) return `${fix} and run restore again (it is ${uid}'s only backup here: moving it away leaves nothing to restore ${uid} from)`;
  if (takeable === 0) {
    return `${fix} and run restore again (no older file in its directory is a backup of ${uid} from this Grafana and org: moving it away leaves nothing to restore ${uid} from)`;
  }
  return `${fix} and run restore again, or move it away to restore ${uid} from its next older backup (${takeable} older backup${takeable === 1 ? '' : 's'} of it from this Grafana and org in its directory)`;
}

/** How many of `names` (older files of `uid`'s directory) are backups restore would take: readable, of `uid`, from `source`. */
async function countTakeable<T extends { source: BackupSource; uid?: unknown }>(
  dir: string,
  names: readonly string[],
  uid: string,
  source: BackupMatch,
  isBackup: (value: unknown) => value is T,
): Promise<number> {
  let count = 0;
  for (const name of names) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    const parsed = parseJsonDocument(text, path, { duplicateKeys: false, holds: 'a dashsync backup holds one JSON object' });
    const value = parsed.value;
    if (parsed.diagnostics.length > 0 || !isBackup(value) || (typeof value.uid === 'string' && value.uid !== uid)) continue;
    if (sameGrafana(value.source, source) && sameBackupOrg(value.source.orgId, source)) count += 1;
  }
  return count;
}

/**
 * Another source's URL as far as it is safe to print: scheme, host and port, and `/…` where a path followed. A backup
 * written before URLs were redacted records the URL as sent, and only this run's secrets are known here, so a secret
 * in that Grafana's path, query or user info could not be told apart (and one would show).
 */
export function sourceOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '') === '' && parsed.search === '' ? '' : '/…'}`;
  } catch {
    return 'a URL that cannot be read';
  }
}

/** When the backup was taken: its `deletedAt`, else the time its file name starts with. */
function deletedAtOf(value: object, name: string): string {
  const recorded = (value as { deletedAt?: unknown }).deletedAt;
  return typeof recorded === 'string' ? recorded : name.replace(/-v\d+\.json$/, '');
}
