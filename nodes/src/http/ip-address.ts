import ipaddr from 'ipaddr.js';

/**
 * What an outbound request to an address could reach. Only `public` is safe by default; everything
 * else is internal infrastructure, and `metadata` is the cloud credential endpoint an SSRF usually
 * aims for.
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

// Instance metadata and credential endpoints of the major clouds (AWS EC2/ECS/EKS, GCP, Azure, Alibaba).
const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '100.100.100.200',
  'fd00:ec2::254',
  'fd00:ec2::23',
]);

const IPV4_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'private',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

const IPV6_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

/**
 * Classifies an IP address in canonical text form (as DNS returns it or as WHATWG URL parsing leaves a
 * host). IPv6 forms that carry an IPv4 address (mapped, compatible, 6to4, NAT64) are judged by the IPv4
 * address they reach. Ranges the table does not name are `reserved`, so a new special range in
 * ipaddr.js is refused rather than let through.
 */
export function classifyAddress(text: string): AddressClass {
  const address = ipaddr.parse(text);
  if (METADATA_ADDRESSES.has(address.toString())) {
    return 'metadata';
  }
  if (address.kind() === 'ipv4') {
    return IPV4_CLASSES[address.range()] ?? 'reserved';
  }
  const ipv6 = address as ipaddr.IPv6;
  const embedded = embeddedIPv4(ipv6);
  if (embedded !== undefined) {
    return classifyAddress(embedded.toString());
  }
  return IPV6_CLASSES[ipv6.range()] ?? 'reserved';
}

/** True when `text` is an IPv4 or IPv6 address literal (without URL brackets). */
export function isIpAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const low32 = ipv4From(parts[6], parts[7]);
  const range: string = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') {
    return low32;
  }
  // IPv4-compatible (::a.b.c.d) is deprecated but still routed by some stacks; :: and ::1 are not IPv4.
  if (
    parts.slice(0, 6).every((part) => part === 0) &&
    range !== 'unspecified' &&
    range !== 'loopback'
  ) {
    return low32;
  }
  // 64:ff9b::/96 is the well-known NAT64 prefix; the local-use 64:ff9b:1::/48 stays `reserved`.
  if (range === 'rfc6052' && address.match(ipaddr.IPv6.parse('64:ff9b::'), 96)) {
    return low32;
  }
  if (range === '6to4') {
    return ipv4From(parts[1], parts[2]);
  }
  return undefined;
}

function ipv4From(high = 0, low = 0): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
