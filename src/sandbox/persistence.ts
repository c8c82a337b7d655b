import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { preferenceKey, type DashboardRecord, type FolderRecord, type LibraryConnectionRecord, type LibraryElementRecord, type PreferenceRecord, type SandboxState } from './state.js';

const FORMAT = 'dashsync-sandbox-state';
const FORMAT_VERSION = 1;
const BATCH_BYTES = 1 << 20;

/** Reads a state file written by `writeStateFile`; undefined when the file does not exist. */
export function readStateFile(path: string): SandboxState | undefined {
  if (!existsSync(path)) return undefined;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`sandbox data file ${path} is not valid JSON (${(error as Error).message}); move it away or fix it`);
  }
  if (data.format !== FORMAT || data.formatVersion !== FORMAT_VERSION) {
    throw new Error(`sandbox data file ${path} is not a dashsync sandbox state file (format ${FORMAT} v${FORMAT_VERSION})`);
  }
  const list = <T>(key: string) => (data[key] as T[] | undefined) ?? [];
  const state: SandboxState = {
    orgs: new Map(list<{ id: number }>('orgs').map((org) => [org.id, org as never])),
    users: new Map(list<{ id: number }>('users').map((user) => [user.id, user as never])),
    serviceAccounts: new Map(list<{ id: number }>('serviceAccounts').map((account) => [account.id, account as never])),
    tokens: new Map(list<{ hash: string }>('tokens').map((token) => [token.hash, token as never])),
    dashboards: new Map(),
    folders: new Map(),
    libraryElements: new Map(),
    libraryConnections: new Map(),
    preferences: new Map(list<PreferenceRecord>('preferences').map((row) => [preferenceKey(row.orgId, row.userId), row])),
    // Files written before library elements existed have no counters for them.
    counters: { libraryElementId: 0, libraryConnectionId: 0, ...(data.counters as object) } as SandboxState['counters'],
  };
  for (const org of state.orgs.keys()) {
    state.dashboards.set(org, new Map());
    state.folders.set(org, new Map());
  }
  for (const folder of list<FolderRecord>('folders')) state.folders.get(folder.orgId)?.set(folder.uid, folder);
  for (const element of list<LibraryElementRecord>('libraryElements')) {
    if (!state.libraryElements.has(element.orgId)) state.libraryElements.set(element.orgId, new Map());
    state.libraryElements.get(element.orgId)!.set(element.uid, element);
  }
  const connections = new Map<number, LibraryConnectionRecord[]>();
  for (const connection of list<LibraryConnectionRecord>('libraryConnections')) {
    const rows = connections.get(connection.orgId) ?? [];
    rows.push(connection);
    connections.set(connection.orgId, rows);
  }
  for (const [orgId, rows] of connections) state.libraryConnections.set(orgId, rows);
  for (const stored of list<DashboardRecord>('dashboards')) {
    // A version whose body equals the current one is written as null to halve the file.
    const versions = stored.versions.map((entry) => (entry.body === null ? { ...entry, body: stored.body } : entry));
    state.dashboards.get(stored.orgId)?.set(stored.uid, { ...stored, versions });
  }
  return state;
}

/**
 * Writes the state atomically: a temp file in the same directory, fsync, rename.
 * The record lists are captured synchronously; records are immutable, so writing them later is consistent.
 */
export async function writeStateFile(path: string, state: SandboxState): Promise<void> {
  const header = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    counters: { ...state.counters },
    orgs: [...state.orgs.values()],
    users: [...state.users.values()],
    serviceAccounts: [...state.serviceAccounts.values()],
    tokens: [...state.tokens.values()],
    folders: [...state.folders.values()].flatMap((folders) => [...folders.values()]),
    libraryElements: [...state.libraryElements.values()].flatMap((elements) => [...elements.values()]),
    libraryConnections: [...state.libraryConnections.values()].flat(),
    preferences: [...state.preferences.values()],
  };
  const dashboards = [...state.dashboards.values()].flatMap((map) => [...map.values()]);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const file = await open(temp, 'w');
  try {
    const headerText = JSON.stringify(header);
    let batch = `${headerText.slice(0, -1)},"dashboards":[`;
    for (let i = 0; i < dashboards.length; i++) {
      const record = dashboards[i]!;
      const versions = record.versions.map((entry) => (entry.body === record.body ? { ...entry, body: null } : entry));
      batch += (i === 0 ? '\n' : ',\n') + JSON.stringify({ ...record, versions });
      if (batch.length >= BATCH_BYTES) {
        await file.write(batch);
        batch = '';
      }
    }
    await file.write(`${batch}\n]}\n`);
    await file.sync();
  } catch (error) {
    await file.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await file.close();
  await rename(temp, path);
}

/** Coalesces saves: at most one write in flight, and one more queued however many changes arrive. */
export class StateSaver {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private lastError: Error | undefined;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly state: SandboxState,
    private readonly delayMs = 100,
  ) {}

  changed(): void {
    this.dirty = true;
    if (!this.timer && !this.writing) this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes now if anything changed; resolves when the file on disk is current. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    this.writing = writeStateFile(this.path, this.state)
      .catch((error: Error) => {
        this.lastError = error;
        process.stderr.write(`sandbox: could not write ${this.path}: ${error.message}\n`);
      })
      .finally(() => {
        this.writing = undefined;
        if (this.dirty && !this.timer && !this.closed) this.timer = setTimeout(() => void this.flush(), this.delayMs);
      });
    await this.writing;
  }

  /** Final flush on shutdown; no timers stay behind. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.dirty || this.writing) await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get error(): Error | undefined {
    return this.lastError;
  }
}
