import { BlockList, isIP } from 'node:net';

/**
 * The NO_PROXY entry that exempts `host:port` from the proxy, or undefined. Pure.
 *
 * Entries are separated by commas or white space and compared without case: `*` (every host),
 * a host name that also covers its subdomains (`example.com`, `.example.com` and
 * `*.example.com` all match `example.com` and `grafana.example.com`), an IP address (IPv6 with or
 * without brackets), a CIDR range (`10.0.0.0/8`, `fd00::/8`), each optionally with `:port`
 * (then only that port matches). Names are not resolved: `localhost` does not cover 127.0.0.1.
 * This is curl's reading (ranges since curl 7.86), with the `:port` form undici adds.
 */
export function matchNoProxy(noProxy: string, host: string, port: number): string | undefined {
  const target = normalizeHost(host);
  const targetFamily = isIP(target);
  for (const entry of noProxy.split(/[\s,]+/)) {
    if (entry === '') continue;
    if (entry === '*') return entry;
    const parsed = splitPort(entry.toLowerCase());
    if (parsed.port !== undefined && parsed.port !== port) continue;
    const name = normalizeHost(parsed.name);
    if (name.includes('/')) {
      if (targetFamily !== 0 && inRange(target, targetFamily, name)) return entry;
      continue;
    }
    const nameFamily = isIP(name);
    if (nameFamily !== 0 || targetFamily !== 0) {
      if (nameFamily === targetFamily && sameAddress(target, name, nameFamily)) return entry;
      continue;
    }
    const domain = name.replace(/^\*?\./, '');
    if (domain !== '' && (target === domain || target.endsWith(`.${domain}`))) return entry;
  }
  return undefined;
}

/** `[::1]` → `::1`; `Example.COM.` → `example.com`. */
function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

/** `host:443`, `[::1]:443` and `10.0.0.0/8:443` carry a port; a bare IPv6 address (`::1`) does not. */
function splitPort(entry: string): { name: string; port?: number } {
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1]!, port: Number(withPort[2]) };
  return { name: entry };
}

function sameAddress(a: string, b: string, family: number): boolean {
  const list = new BlockList();
  list.addAddress(b, family === 6 ? 'ipv6' : 'ipv4');
  return list.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

function inRange(address: string, family: number, cidr: string): boolean {
  const [network = '', bits = ''] = cidr.split('/');
  const networkFamily = isIP(network);
  const prefix = Number(bits);
  if (networkFamily !== family || !/^\d+$/.test(bits) || prefix > (family === 6 ? 128 : 32)) return false;
  const list = new BlockList();
  list.addSubnet(network, prefix, family === 6 ? 'ipv6' : 'ipv4');
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
