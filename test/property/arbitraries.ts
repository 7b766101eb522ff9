/**
 * Arbitraries of the property tests: valid values mixed with hostile ones (empty, white space, uppercase, very
 * long, unicode with emoji and right-to-left text, leading digits and dashes, dots; negative, zero, fractional,
 * NaN, infinite and huge numbers; ports 0, 65536 and 70000; fractional seconds; wrong types).
 *
 * Each prop is valid most of the time, so that a run with several props still reaches synth often; the hostile
 * values come from fixed lists (the edge cases) and from fast-check's string and number generators.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as fc from 'fast-check';

/** Strings that break one naming rule or another. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '  ', '\t', '\n', 'a b', ' web', 'web ', 'Web', 'WEB', 'Shop_API', 'shop_api', 'a'.repeat(300), 'a'.repeat(64),
  'a'.repeat(254), 'x'.repeat(53), '-web', 'web-', '1web', '0', '42', 'a.b', '.a', 'a.', 'a..b', '.', '..', 'a/b', '/a', 'a:b',
  'a@b', '*', '*.a', 'a*', '%2F', 'a%20b', 'café', 'naïve', 'ünï', '🙂', 'web🙂', 'שלום', 'مرحبا', 'a\u202eb', '\u200b',
  'a\u0000b', 'null', 'undefined', 'true', '__proto__', 'constructor', '$(rm -rf /)', '"quoted"', "it's", '{a}', '\\',
];

/** A string of the hostile list, or one of fast-check's (ASCII, any unicode grapheme, or any code point). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** Values of the wrong type, for a prop that takes a string, a number or an object (passed with `as any`). */
export const wrongType: fc.Arbitrary<any> = fc.constantFrom(null, undefined, 42, -1, true, {}, [], ['x'], 'not-an-object', NaN);

/** Mostly `valid`, sometimes `hostile`. */
export function mostly<T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>, validWeight = 15): fc.Arbitrary<T> {
  return fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

/** An optional prop: given with the probability `presence` (half of the time by default), undefined otherwise. */
export function optional<T>(arbitrary: fc.Arbitrary<T>, presence = 0.5): fc.Arbitrary<T | undefined> {
  const given = Math.round(presence * 100);
  return fc.oneof({ weight: given, arbitrary }, { weight: 100 - given, arbitrary: fc.constant(undefined) });
}

/** A DNS-1123 label that is also a DNS-1035 label (starts with a letter), short. */
export const validName: fc.Arbitrary<string> = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);

/** A name that is usually valid. */
export const name: fc.Arbitrary<string> = mostly(validName, hostileString);

/** A label value that is usually valid. */
export const labelValue: fc.Arbitrary<string> = mostly(fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?$/), hostileString);

/** A label key that is usually valid. */
export const labelKey: fc.Arbitrary<string> = mostly(fc.oneof(
  fc.stringMatching(/^[a-z]([-a-z0-9]{0,6}[a-z0-9])?$/),
  fc.constantFrom('app.kubernetes.io/name', 'example.com/tier', 'team', 'kubernetes.io/hostname'),
), hostileString);

/** A port name (IANA service name) that is usually valid. */
export const portName: fc.Arbitrary<string> = mostly(fc.constantFrom('http', 'metrics', 'grpc', 'admin', 'web-1', 'h2c'), hostileString);

/** A host name that is usually valid (`constructor`, a valid one, once made cdk8s-plus-34's Ingress throw). */
export const hostName: fc.Arbitrary<string> = mostly(
  fc.constantFrom('shop.example.com', 'api.example.com', '*.example.com', 'example.org', 'a.b.c.example.net'),
  fc.oneof(hostileString, fc.constantFrom('10.0.0.1', '[::1]', 'shop.example.com.', 'Shop.Example.com', '*.*.example.com', 'a..example.com',
    'shop.example.com:443', 'https://shop.example.com', `${'a'.repeat(64)}.example.com`, 'constructor')),
);

/** Numbers at and beyond the edges. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0, -0, -1, -100, 0.5, 1.5, 99.999, NaN, Infinity, -Infinity, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e10, 2 ** 53, 1e21, Number.MAX_VALUE,
  Number.MIN_VALUE, 65535, 65536, 70000,
];

/** A number at an edge, or any double. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
);

/** The largest int32, the type of most counts and seconds in Kubernetes objects. */
export const INT32_MAX = 2 ** 31 - 1;

/** A whole number in a range, usually; a hostile number sometimes (for an int32 field of the output). */
export function count(min: number, max: number): fc.Arbitrary<number> {
  return mostly(fc.integer({ min, max }), hostileNumber);
}

/** A port number that is usually valid; 0, 65536, 70000, negative or fractional sometimes. */
export const portNumber: fc.Arbitrary<number> = mostly(
  fc.oneof(fc.constantFrom(80, 443, 8080, 9090, 5432), fc.integer({ min: 1, max: 65535 })),
  fc.oneof(fc.constantFrom(0, 65536, 70000, -80, 80.5, NaN, Infinity), hostileNumber),
);

/** Whether a function throws. */
export function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

/** Durations in whole seconds from `min` to `max` seconds. */
export function wholeSeconds(min: number, max: number): fc.Arbitrary<Duration> {
  return fc.integer({ min, max }).map((s) => Duration.seconds(s));
}

/** Durations that are fractional, zero, NaN, infinite or huge (cdk8s refuses negative durations itself). */
export const hostileDuration: fc.Arbitrary<Duration> = fc.constantFrom(
  Duration.seconds(0), Duration.millis(1), Duration.millis(1500), Duration.seconds(0.5), Duration.seconds(NaN), Duration.seconds(Infinity),
  Duration.millis(0.5), Duration.days(1e6), Duration.seconds(2 ** 31), Duration.days(36500), Duration.seconds(2 ** 63),
);

/** A duration that is usually whole seconds in a range, sometimes hostile. */
export function duration(min: number, max: number): fc.Arbitrary<Duration> {
  return mostly(wholeSeconds(min, max), hostileDuration);
}

/** Sizes that are fractional, zero, NaN or huge (cdk8s refuses negative sizes itself). */
export const hostileSize: fc.Arbitrary<Size> = fc.constantFrom(
  () => Size.kibibytes(0),
  () => Size.kibibytes(0.5),
  () => Size.mebibytes(0.5),
  () => Size.mebibytes(NaN),
  () => Size.gibibytes(1.5),
  () => Size.gibibytes(Infinity),
  () => Size.tebibytes(1e6),
  () => Size.kibibytes(1),
).map((make) => make());

/** A size that is usually whole mebibytes from 1 to 4096. */
export const sizeMebibytes: fc.Arbitrary<Size> = mostly(fc.integer({ min: 1, max: 4096 }).map((n) => Size.mebibytes(n)), hostileSize);

/** A size that is usually whole gibibytes from 1 to 100. */
export const sizeGibibytes: fc.Arbitrary<Size> = mostly(fc.integer({ min: 1, max: 100 }).map((n) => Size.gibibytes(n)), hostileSize);

/** The size limit of a scratch volume, usually whole mebibytes. */
export const scratchSizeLimit: fc.Arbitrary<Size> = sizeMebibytes;

/** CPU amounts, usually valid. */
export const cpu: fc.Arbitrary<kplus.Cpu> = mostly(
  fc.oneof(fc.integer({ min: 1, max: 4000 }).map((m) => kplus.Cpu.millis(m)), fc.integer({ min: 1, max: 8 }).map((u) => kplus.Cpu.units(u))),
  fc.constantFrom(
    () => kplus.Cpu.millis(0), () => kplus.Cpu.millis(-5), () => kplus.Cpu.millis(0.5), () => kplus.Cpu.units(NaN), () => kplus.Cpu.units(1e21),
    () => kplus.Cpu.units(Infinity), () => kplus.Cpu.millis(1e-7),
  ).map((make) => make()),
);

/** Percent-or-absolute amounts, usually valid. */
export const percentOrAbsolute: fc.Arbitrary<kplus.PercentOrAbsolute> = mostly(
  fc.oneof(
    fc.integer({ min: 0, max: 5 }).map((n) => kplus.PercentOrAbsolute.absolute(n)),
    fc.integer({ min: 0, max: 100 }).map((p) => kplus.PercentOrAbsolute.percent(p)),
  ),
  fc.oneof(hostileNumber.map((n) => kplus.PercentOrAbsolute.absolute(n)), hostileNumber.map((n) => kplus.PercentOrAbsolute.percent(n))),
);

/** A list of 0 to `max` items, with duplicates now and then (a copy of an earlier item). */
export function listWithDuplicates<T>(item: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[]> {
  return fc.tuple(fc.array(item, { maxLength: max }), fc.boolean()).map(([items, duplicate]) =>
    duplicate && items.length > 0 ? [...items, items[0]] : items);
}

/** A map of 0 to `max` entries. */
export function map<T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>, max: number): fc.Arbitrary<Record<string, T>> {
  return fc.dictionary(key, value, { maxKeys: max, noNullPrototype: true });
}

/** An absolute path, usually valid. */
export const absolutePath: fc.Arbitrary<string> = mostly(
  fc.constantFrom('/data', '/var/cache/app', '/srv/www', '/var/lib/mysql', '/var/log/app', '/opt/app/config'),
  fc.oneof(hostileString, fc.constantFrom('/', 'relative/path', '/a/../b', '/tmp', '//double', '/with space', '/ünï', '/a:b')),
);

/** A URL path, usually valid. */
export const urlPath: fc.Arbitrary<string> = mostly(
  fc.constantFrom('/', '/api', '/healthz', '/metrics', '/v1/items', '/static/'),
  fc.oneof(hostileString, fc.constantFrom('api', '//', '/a/../b', '/a/./b', '/%2F', '/a#b', '/a?b=1', '/ünï', '/🙂', '/a b', '/.', '/..', `/${'p'.repeat(1100)}`)),
);

/** An image reference, usually valid. */
export const imageReference: fc.Arbitrary<string> = mostly(
  fc.constantFrom(
    'nginx:1.27.3', 'nginxinc/nginx-unprivileged:1.27.3-alpine', 'ghcr.io/acme/api:1.4.2', 'registry.example.com:5000/shop/web:2.0.0',
    `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`, `ghcr.io/acme/api:1.4.2@sha256:${'0123456789abcdef'.repeat(4)}`, 'busybox:1.36.1', 'localhost/app:1',
  ),
  fc.oneof(hostileString, fc.constantFrom(
    'nginx', 'nginx:latest', 'Nginx:1', 'nginx:', 'nginx@', `nginx@sha256:${'A'.repeat(64)}`, 'nginx@sha256:abc', 'https://ghcr.io/a:1', 'ghcr.io//a:1',
    'a:b:c', 'ghcr.io:0/a:1', 'ghcr.io:70000/a:1', `nginx:${'t'.repeat(129)}`, `${'a/'.repeat(130)}a:1`, 'nginx:-1', 'nginx:.1', '[::1]:5000/a:1',
    'registry.example.com/Shop/web:1', 'nginx :1', 'nginx:1 ',
  )),
);
