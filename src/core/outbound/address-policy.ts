/**
 * Which addresses the server may connect to when it follows a URL that came from a user or a
 * network. Only global unicast addresses pass; everything else (loopback, RFC 1918 and RFC 4193
 * private ranges, link-local, CGNAT, multicast, unspecified, broadcast, reserved, documentation,
 * 6to4/Teredo/NAT64 wrappers that can hide an internal IPv4) is refused unless an install lists it
 * in its allow-list (TOWNHALL_OUTBOUND_ALLOW).
 */
import ipaddr from 'ipaddr.js'

/** One entry of the allow-list: a host name, an address or a CIDR range, optionally with a port. */
export interface AllowEntry {
  /** Lower-case host name (matched against the URL's host) when the entry is a name. */
  host?: string
  /** Address range (matched against the resolved address) when the entry is an address or CIDR. */
  range?: [ipaddr.IPv4 | ipaddr.IPv6, number]
  /** Only this port, when given. */
  port?: number
  /** The entry as written, for messages. */
  source: string
}

export class AllowListError extends Error {
  override name = 'AllowListError'
}

function splitPort(entry: string): { host: string; port?: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracket) return { host: bracket[1] as string, port: bracket[2] ? Number(bracket[2]) : undefined }
  const colons = entry.split(':').length - 1
  if (colons === 1) {
    const [host, port] = entry.split(':') as [string, string]
    if (!/^\d+$/.test(port)) throw new AllowListError(`"${entry}": the port must be a number`)
    return { host, port: Number(port) }
  }
  return { host: entry }
}

/** Parses `TOWNHALL_OUTBOUND_ALLOW`: comma-separated names, addresses or CIDR ranges, each `[:port]`. */
export function parseAllowList(value: string | undefined): AllowEntry[] {
  if (!value?.trim()) return []
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((source) => {
      const { host, port } = splitPort(source)
      if (port !== undefined && (port < 1 || port > 65535))
        throw new AllowListError(`"${source}": the port must be from 1 to 65535`)
      if (host.includes('/')) {
        try {
          return { range: ipaddr.parseCIDR(host), port, source }
        } catch {
          throw new AllowListError(`"${source}" is not a valid CIDR range`)
        }
      }
      if (ipaddr.isValid(host)) {
        const addr = ipaddr.process(host)
        return { range: [addr, addr.kind() === 'ipv4' ? 32 : 128], port, source }
      }
      if (!/^[a-z0-9.-]+$/i.test(host))
        throw new AllowListError(`"${source}" is not a host name, address or range`)
      return { host: host.toLowerCase(), port, source }
    })
}

/** True for names that always mean this machine (RFC 6761), whatever a resolver answers. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  return name === 'localhost' || name.endsWith('.localhost')
}

/** Why `address` may not be reached, or null when it is a global unicast address. */
export function blockedReason(address: string): string | null {
  let addr: ipaddr.IPv4 | ipaddr.IPv6
  try {
    // @NOTE process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 it carries.
    addr = ipaddr.process(address)
  } catch {
    return 'is not an IP address'
  }
  const range = addr.range()
  return range === 'unicast' ? null : `is a ${range} address`
}

function inRange(address: string, range: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  const addr = ipaddr.process(address)
  return addr.kind() === range[0].kind() && addr.match(range)
}

/** True when the allow-list lets `hostname` (as in the URL) at `address`:`port` through. */
export function isAllowListed(allow: AllowEntry[], hostname: string, address: string, port: number): boolean {
  const name = hostname.toLowerCase()
  return allow.some(
    (e) =>
      (e.port === undefined || e.port === port) &&
      (e.host !== undefined ? e.host === name : e.range !== undefined && inRange(address, e.range)),
  )
}
