/**
 * The YAML writer of the synthesis writes exactly the bytes of cdk8s' `Yaml.stringify(...docs)`: on strings that a
 * YAML writer must quote, escape or write as block scalars, on generated documents made of them (fast-check, fixed
 * seed), on what it leaves to `yaml`, and on the manifests of every example.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { AppSynthesis } from '../../src';
import { manifestsToYaml, writeManifests } from '../../src/synth/yaml-writer';
import { propertyParameters, propertyTimeout } from '../property/harness';

/** The strings that test a YAML writer's quoting, escaping and block scalars. */
const HOSTILE = [
  '', ' ', '  ', ' lead', 'trail ', '\tlead', 'trail\t', 'a: b', 'a:b', 'a:', ':a', 'a #b', 'a#b', '#a', 'a # b',
  // Every boolean and null of YAML 1.1, and near misses.
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On',
  'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', 'yES', 'oN', 'nULL', 'True ', '0x1f', '0X1F', '1e3', '1E3', '0o17', '017', '08', '0b101', '.5', '5.', '+1', '-1', '1_000', '+.inf', '-.Inf',
  '.nan', '.NaN', 'inf', 'nan', '12:30', '190:20:30', '190:20:30.15', '1:2', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5', '2001-1-1', '20011214', '*', '*a', '&', '&a', '!', '!a', '%', '%a', '@', '@a', '`', '`a`',
  '{}', '[]', '{a: 1}', '[a]', '{', '}', '[', ']', ',', 'a,b', '?', '? a', '?a', '-', '- a', '-a', '--', '---', '---a',
  '...', '....', '..a', '|', '| a', '>', '>-', "'", "'a'", '"', '"a"', 'it\'s', 'say "hi"', '"it\'s"', '\\', 'a\\nb', '<<',
  '<<a', '=', '\t', 'a\tb', '\n', '\n\n', 'a\n', 'a\n\n', 'a\n\n\n', '\na', '\n\na', 'a\nb', 'a\n\nb', 'a\n b', 'a \nb',
  ' a\nb', '  a\n b\n', 'a\n ', 'a\n\t', 'a\n#b', 'a\n---\nb', 'a\n...\n', 'a\n%b', '\r', '\r\n', 'a\r\nb\r\n', '\u0000',
  '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u009f', '\u00a0', '\u2028', '\u2029', '\ufeff',
  '\ud800', '\udfff', 'a\ud800b', '😀', 'a😀b', 'é', '中文', 'ß', '\u0301', 'x'.repeat(300), 'word '.repeat(60).trim(),
  'a long string with a control \u0001 character, a line break\nand a second line that is long enough to be broken',
  'a long string with a line break and a space at the start of the next line\n  indented', 'a long line ending with a break\n',
  // Around the length (40 with its quotes and escapes) from which a double-quoted string is written on several lines.
  `${'a'.repeat(29)}\n\u0001`, `${'a'.repeat(30)}\n\u0001`, `${'a'.repeat(31)}\n\u0001`,
  'web', 'app.kubernetes.io/name', 'nginx:1.25', 'registry.example.com/shop/web@sha256:0123abcd', '8080', '100m', '512Mi',
];

/** Pieces that, joined, make strings that are hostile in more ways. */
const FRAGMENTS = ['a', 'web', ' ', ': ', ':', ' #', '#', '-', '?', ',', '[', '{', "'", '"', '\\', '\t', '\n', '\r\n', '\r',
  '\u0000', '\u0085', '\u2028', '\ud83d', '😀', 'yes', 'on', '~', 'null', '0x1f', '1e3', '.5', '+1', '12:30', '2001-12-14',
  '---', '...', '%', '@', '*', '&', '!', '|', '>', '`', '<<', 'x'.repeat(60)];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  // Long lines, with and without spaces.
  fc.tuple(fc.constantFrom('x', 'word ', 'a: b '), fc.integer({ min: 20, max: 200 })).map(([s, n]) => s.repeat(n)),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1.5e-7, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity),
  fc.boolean(),
  fc.constantFrom(null, undefined),
);

const key: fc.Arbitrary<string> = fc.oneof(hostileString, fc.constantFrom('metadata', 'name', 'labels', 'app.kubernetes.io/name', '__proto__'));

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
  map: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  list: fc.array(tie('value'), { maxLength: 4 }),
}));

/** An object shaped as Kubernetes objects are, with hostile names, labels, annotations and spec. */
const kubernetesObject = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1'),
  kind: fc.constantFrom('ConfigMap', 'Deployment'),
  metadata: fc.record({
    name: hostileString,
    labels: fc.dictionary(key, hostileString, { maxKeys: 4 }),
    annotations: fc.dictionary(key, hostileString, { maxKeys: 4 }),
  }),
  data: fc.dictionary(key, hostileString, { maxKeys: 4 }),
  spec: value,
});

const documents = fc.array(fc.oneof(kubernetesObject, value, fc.constant(undefined)), { maxLength: 4 });

/** What cdk8s writes. */
const cdk8s = (docs: unknown[]) => Yaml.stringify(...docs);

describe('the bytes of cdk8s', () => {
  test.each(HOSTILE.map((s) => [JSON.stringify(s).slice(0, 60), s]))('the string %s as a value, a key, an item, deep', (_, s) => {
    const doc = { [s]: s, list: [s, [s], { [s]: [s] }], deep: { deeper: { [s]: { k: s } } }, [`k${s}`]: `v${s}` };
    expect(manifestsToYaml([doc])).toBe(cdk8s([doc]));
  });

  test('a few strings as cdk8s writes them', () => {
    expect(manifestsToYaml([{ a: 'yes', b: '0x1f', c: '0o17', d: ' lead', e: 'a: b', f: "it's", g: 'say "hi": x', h: 'a\nb\n', i: 'x\r\n' }]))
      .toBe('a: "yes"\nb: "0x1f"\nc: 0o17\nd: " lead"\ne: "a: b"\nf: it\'s\ng: \'say "hi": x\'\nh: |\n  a\n  b\ni: "x\\r\\n"\n');
    expect(manifestsToYaml([{ n: 1, list: [], map: {}, nested: [[1, 2], { a: null }] }]))
      .toBe('"n": 1\nlist: []\nmap: {}\nnested:\n  - - 1\n    - 2\n  - a: null\n');
  });

  test('numbers, booleans, null and undefined', () => {
    const doc = { a: 0, b: -0, c: 1.5, d: -2, e: 1e21, f: 1.5e-7, g: NaN, h: Infinity, i: -Infinity, j: true, k: false, l: null, m: undefined };
    expect(manifestsToYaml([doc])).toBe(cdk8s([doc]));
    expect(manifestsToYaml([[1, , 3]])).toBe(cdk8s([[1, , 3]])); // eslint-disable-line no-sparse-arrays
  });

  test('document separators, empty documents and undefined documents', () => {
    const docs = [{ a: 1 }, {}, [], undefined, { b: [] }, undefined];
    expect(manifestsToYaml(docs)).toBe(cdk8s(docs));
    expect(manifestsToYaml([])).toBe(cdk8s([]));
  });

  test('what it leaves to yaml, and the edges of what it writes: the same bytes', () => {
    const shared = { x: 1 };
    const circular: any = { a: 1 };
    circular.self = circular;
    const docs = [
      'a top-level string', 'a\nb', 42, null, true,
      { date: new Date(0) }, { map: new Map([['a', 1]]) }, { set: new Set([1]) }, { big: 10n }, { boxed: new String('yes') },
      { a: shared, b: shared }, { a: [shared, shared] },
      // A key of more than 1,024 characters once written is an explicit key.
      { ['k'.repeat(1024)]: 1 }, { ['k'.repeat(1025)]: 1 }, { [`${'k'.repeat(1019)} #`]: 1 }, { [`${'k'.repeat(1020)} #`]: 1 },
      { instance: new (class Point { x = 1; })() },
      // Written by the writer: an object without a prototype.
      Object.assign(Object.create(null), { a: 'yes' }),
    ];
    for (const doc of docs) {
      expect(manifestsToYaml([doc])).toBe(cdk8s([doc]));
    }
    // An object met again inside itself: an alias to its anchor.
    expect(manifestsToYaml([circular])).toBe(cdk8s([circular]));
  });

  test('generated documents with hostile strings', () => {
    fc.assert(fc.property(documents, (docs) => {
      expect(manifestsToYaml(docs)).toBe(cdk8s(docs));
    }), propertyParameters(400));
  }, propertyTimeout(400));

  test('writeManifests writes the bytes of Yaml.save', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-yaml-writer-'));
    try {
      const docs = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { 'a.txt': 'é\n😀\n' } }, undefined, [1]];
      writeManifests(path.join(dir, 'ours.yaml'), docs);
      Yaml.save(path.join(dir, 'cdk8s.yaml'), docs);
      expect(fs.readFileSync(path.join(dir, 'ours.yaml')).equals(fs.readFileSync(path.join(dir, 'cdk8s.yaml')))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('every example', () => {
  test('the manifests of each chart of the examples', () => {
    // The app of examples/main.ts, as it is before its synthesis: each chart's manifests are what app.synth() writes.
    const apps: App[] = [];
    const synth = jest.spyOn(AppSynthesis, 'synth').mockImplementation((app) => {
      apps.push(app);
    });
    try {
      require('../../examples/main'); // eslint-disable-line @typescript-eslint/no-require-imports
    } finally {
      synth.mockRestore();
    }
    expect(apps.length).toBe(1);
    const charts = apps[0].charts;
    expect(charts.length).toBeGreaterThan(10);
    const all: any[] = [];
    for (const chart of charts) {
      const manifests = chart.toJson();
      expect([chart.node.id, manifestsToYaml(manifests)]).toEqual([chart.node.id, cdk8s(manifests)]);
      all.push(...manifests);
    }
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((m) => m.kind)).size).toBeGreaterThan(20);
  });
});
