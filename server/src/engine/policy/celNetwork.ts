// Kubernetes' URL, IP and CIDR libraries for CEL. Addresses are kept as bigint with their family, so
// prefix checks are shifts; parsing follows Kubernetes (no IPv4 leading zeros, no zones).
import { isIPv4, isIPv6 } from 'node:net';
import type { Environment } from '@marcbachmann/cel-js';

export class IPAddress {
  constructor(
    readonly family: 4 | 6,
    readonly value: bigint,
  ) {}

  get bits(): number {
    return this.family === 4 ? 32 : 128;
  }

  toString(): string {
    if (this.family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((this.value >> shift) & 255n)).join('.');
    const groups = Array.from({ length: 8 }, (_, i) => ((this.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
    return compressIPv6(groups);
  }
}

export class CIDR {
  constructor(
    readonly address: IPAddress,
    readonly prefix: number,
  ) {}

  contains(ip: IPAddress): boolean {
    if (ip.family !== this.address.family) return false;
    const shift = BigInt(this.address.bits - this.prefix);
    return ip.value >> shift === this.address.value >> shift;
  }

  masked(): CIDR {
    const shift = BigInt(this.address.bits - this.prefix);
    return new CIDR(new IPAddress(this.address.family, (this.address.value >> shift) << shift), this.prefix);
  }

  toString(): string {
    return `${this.address}/${this.prefix}`;
  }
}

/** The receiver of `ip.isCanonical(...)`: CEL parses the dotted name as a method call on `ip`. */
class IPFunctions {}

export class URLValue {
  constructor(readonly url: URL) {}
}

function compressIPv6(groups: string[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;

/** An address as Kubernetes accepts it, or undefined. */
export function parseIP(text: string): IPAddress | undefined {
  if (isIPv4(text)) {
    const octets = text.split('.');
    if (!octets.every((octet) => IPV4_OCTET.test(octet))) return undefined;
    return new IPAddress(4, octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n));
  }
  if (!isIPv6(text) || text.includes('%')) return undefined;
  return new IPAddress(6, ipv6Value(text));
}

function ipv6Value(text: string): bigint {
  let tail = text;
  let embedded: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    embedded = parseIP(text.slice(lastColon + 1))?.value ?? 0n;
    tail = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = tail.includes('::') ? tail.split('::') : [tail, undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  const value = groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
  return embedded === undefined ? value : (value & ~0xffffffffn) | embedded;
}

export function parseCIDR(text: string): CIDR | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^(0|[1-9]\d*)$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= address.bits ? new CIDR(address, prefix) : undefined;
}

function required<T>(value: T | undefined, what: string, text: string): T {
  if (value === undefined) throw new Error(`${what}: "${text}" is not valid`);
  return value;
}

function parseURL(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('/') ? url : undefined;
  } catch {
    return undefined;
  }
}

function queryMap(url: URL): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
  return query;
}

function inRange(ip: IPAddress, cidr: string): boolean {
  return parseCIDR(cidr)!.contains(ip);
}

export function registerNetworkLibrary(env: Environment): void {
  env
    .registerType('net.IP', IPAddress)
    .registerType('net.CIDR', CIDR)
    .registerType('net.URL', URLValue)
    .registerFunction('isIP(string): bool', (text: string) => parseIP(text) !== undefined)
    .registerFunction('ip(string): net.IP', (text: string) => required(parseIP(text), 'ip', text))
    .registerType('net.IPFunctions', IPFunctions)
    .registerConstant('ip', 'net.IPFunctions', new IPFunctions())
    .registerFunction('net.IPFunctions.isCanonical(string): bool', (_: IPFunctions, text: string) => parseIP(text)?.toString() === text)
    .registerFunction('net.IP.family(): int', (ip: IPAddress) => BigInt(ip.family))
    .registerFunction('net.IP.isUnspecified(): bool', (ip: IPAddress) => ip.value === 0n)
    .registerFunction('net.IP.isLoopback(): bool', (ip: IPAddress) => (ip.family === 4 ? inRange(ip, '127.0.0.0/8') : ip.value === 1n))
    .registerFunction('net.IP.isLinkLocalMulticast(): bool', (ip: IPAddress) => inRange(ip, ip.family === 4 ? '224.0.0.0/24' : 'ff02::/16'))
    .registerFunction('net.IP.isLinkLocalUnicast(): bool', (ip: IPAddress) => inRange(ip, ip.family === 4 ? '169.254.0.0/16' : 'fe80::/10'))
    .registerFunction('net.IP.isGlobalUnicast(): bool', (ip: IPAddress) => isGlobalUnicast(ip))
    .registerFunction('string(net.IP): string', (ip: IPAddress) => ip.toString())
    .registerFunction('isCIDR(string): bool', (text: string) => parseCIDR(text) !== undefined)
    .registerFunction('cidr(string): net.CIDR', (text: string) => required(parseCIDR(text), 'cidr', text))
    .registerFunction('net.CIDR.containsIP(net.IP): bool', (cidr: CIDR, ip: IPAddress) => cidr.contains(ip))
    .registerFunction('net.CIDR.containsIP(string): bool', (cidr: CIDR, text: string) => cidr.contains(required(parseIP(text), 'ip', text)))
    .registerFunction('net.CIDR.containsCIDR(net.CIDR): bool', (cidr: CIDR, other: CIDR) => other.prefix >= cidr.prefix && cidr.contains(other.address))
    .registerFunction('net.CIDR.containsCIDR(string): bool', (cidr: CIDR, text: string) => {
      const other = required(parseCIDR(text), 'cidr', text);
      return other.prefix >= cidr.prefix && cidr.contains(other.address);
    })
    .registerFunction('net.CIDR.ip(): net.IP', (cidr: CIDR) => cidr.address)
    .registerFunction('net.CIDR.masked(): net.CIDR', (cidr: CIDR) => cidr.masked())
    .registerFunction('net.CIDR.prefixLength(): int', (cidr: CIDR) => BigInt(cidr.prefix))
    .registerFunction('string(net.CIDR): string', (cidr: CIDR) => cidr.toString())
    .registerFunction('isURL(string): bool', (text: string) => parseURL(text) !== undefined)
    .registerFunction('url(string): net.URL', (text: string) => new URLValue(required(parseURL(text), 'url', text)))
    .registerFunction('net.URL.getScheme(): string', (url: URLValue) => url.url.protocol.replace(/:$/, ''))
    .registerFunction('net.URL.getHost(): string', (url: URLValue) => url.url.host)
    .registerFunction('net.URL.getHostname(): string', (url: URLValue) => url.url.hostname.replace(/^\[(.*)\]$/, '$1'))
    .registerFunction('net.URL.getPort(): string', (url: URLValue) => url.url.port)
    .registerFunction('net.URL.getEscapedPath(): string', (url: URLValue) => url.url.pathname)
    .registerFunction('net.URL.getQuery(): map<string, list<string>>', (url: URLValue) => queryMap(url.url));
}

function isGlobalUnicast(ip: IPAddress): boolean {
  if (ip.value === 0n) return false;
  const special = ip.family === 4 ? ['127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '255.255.255.255/32'] : ['::1/128', 'fe80::/10', 'ff00::/8'];
  return !special.some((range) => inRange(ip, range));
}
