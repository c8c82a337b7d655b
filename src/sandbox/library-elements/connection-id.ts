/**
 * The id Grafana 13 reports for a connection (libraryelements/api.go getConnectionsHandler): FNV-1a 64
 * of "<elementId>:<dashboardUid>:<orgId>:<element created, unix seconds>", masked to 52 bits so
 * JavaScript keeps it exact.
 */
export function hashedConnectionId(elementId: number, dashboardUid: string, orgId: number, elementCreated: string): number {
  const createdUnix = Math.floor(Date.parse(elementCreated) / 1000);
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`${elementId}:${dashboardUid}:${orgId}:${createdUnix}`, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return Number(hash & ((1n << 52n) - 1n));
}
