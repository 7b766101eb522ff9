/*
 * IP blocks of network policies: CIDR blocks parsed and checked the way the API server does (IPv4 and IPv6, no
 * address bits after the prefix, exceptions inside the block).
 */
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';

/** What an IP block must look like. */
const CIDR_ACCEPTED = 'a CIDR block: an IPv4 or IPv6 network address and a prefix length, with no address bits set after the prefix (e.g. "10.0.0.0/8" or "2001:db8::/32")';

/** A parsed CIDR block. */
interface Cidr {
  /** The address, one number per byte (4 for IPv4, 16 for IPv6). */
  readonly bytes: number[];
  /** The prefix length. */
  readonly prefix: number;
}

/** The `ipBlock` of a peer, its CIDR block and exceptions checked. */
export function ipBlock(scope: IConstruct, prop: string, cidr: string, except: string[] | undefined): kplus.k8s.IpBlock {
  const block = parseCidr(scope, `${prop}.cidr`, cidr);
  (except ?? []).forEach((inner, i) => {
    const exceptProp = `${prop}.except[${i}]`;
    const parsed = parseCidr(scope, exceptProp, inner);
    if (parsed.bytes.length !== block.bytes.length || parsed.prefix <= block.prefix || !samePrefix(parsed.bytes, block.bytes, block.prefix)) {
      const why = parsed.bytes.length !== block.bytes.length ? `it is an IPv${parsed.bytes.length === 4 ? 4 : 6} block, and the cidr ${cidr} is not`
        : parsed.prefix <= block.prefix && samePrefix(parsed.bytes, block.bytes, parsed.prefix) ? `it is not smaller than the cidr ${cidr}`
          : `it is not inside the cidr ${cidr}`;
      throw inputError(scope, exceptProp, inner, why, `a CIDR block strictly inside ${cidr}`);
    }
  });
  return { cidr, except: except && except.length > 0 ? [...except] : undefined };
}

function parseCidr(scope: IConstruct, prop: string, value: string): Cidr {
  if (typeof value !== 'string') {
    throw inputError(scope, prop, value, 'it is not a string', CIDR_ACCEPTED);
  }
  const slash = value.indexOf('/');
  if (slash < 0) {
    throw inputError(scope, prop, value, 'it has no prefix length ("/" and a number of bits)', CIDR_ACCEPTED);
  }
  const address = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  const bytes = parseIpv4(address) ?? parseIpv6(address);
  if (bytes === undefined) {
    throw inputError(scope, prop, value, `its address ${JSON.stringify(address)} is neither an IPv4 nor an IPv6 address`, CIDR_ACCEPTED);
  }
  const bits = bytes.length * 8;
  if (!/^(0|[1-9][0-9]*)$/.test(prefixText) || Number(prefixText) > bits) {
    throw inputError(scope, prop, value, `its prefix length ${JSON.stringify(prefixText)} is not a number of bits from 0 to ${bits}`, CIDR_ACCEPTED);
  }
  const prefix = Number(prefixText);
  const network = maskBytes(bytes, prefix);
  if (network.some((b, i) => b !== bytes[i])) {
    throw inputError(scope, prop, value, `it has address bits set after the /${prefix} prefix (the network is ${formatAddress(network)}/${prefix})`,
      CIDR_ACCEPTED);
  }
  return { bytes, prefix };
}

/** The address with every bit after the prefix cleared. */
function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const kept = Math.min(8, Math.max(0, prefix - i * 8));
    const hostRange = 2 ** (8 - kept);
    return b - (b % hostRange);
  });
}

function samePrefix(a: number[], b: number[], prefix: number): boolean {
  const ma = maskBytes(a, prefix);
  const mb = maskBytes(b, prefix);
  return ma.every((x, i) => x === mb[i]);
}

function parseIpv4(text: string): number[] | undefined {
  if (!/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(text)) {
    return undefined;
  }
  const bytes = text.split('.').map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) {
    return undefined;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  if (halves.length === 1) {
    const bytes = parseGroups(text, true);
    return bytes?.length === 16 ? bytes : undefined;
  }
  const head = parseGroups(halves[0], false);
  const tail = parseGroups(halves[1], true);
  if (head === undefined || tail === undefined || head.length + tail.length > 14) {
    return undefined;
  }
  return [...head, ...new Array<number>(16 - head.length - tail.length).fill(0), ...tail];
}

/** Parses colon-separated groups of an IPv6 address, the last one possibly a dotted IPv4 address. */
function parseGroups(part: string, ipv4Tail: boolean): number[] | undefined {
  if (part === '') {
    return [];
  }
  const groups = part.split(':');
  const bytes: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    if (ipv4Tail && i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) {
        return undefined;
      }
      bytes.push(...v4);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      const value = parseInt(group, 16);
      bytes.push(Math.floor(value / 256), value % 256);
    } else {
      return undefined;
    }
  }
  return bytes;
}

/** Writes an address the usual way (IPv6: RFC 5952, lowercase, the longest run of zero groups as "::"). */
function formatAddress(bytes: number[]): string {
  if (bytes.length === 4) {
    return bytes.join('.');
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push(bytes[i] * 256 + bytes[i + 1]);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((g1) => g1.toString(16)).join(':');
  if (bestStart < 0) {
    return hex(groups);
  }
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
