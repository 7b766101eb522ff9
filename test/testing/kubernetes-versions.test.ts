/**
 * The manifests the library writes are valid on every Kubernetes version it supports: every YAML snapshot of the
 * repository (tests and examples, made for the default target, 1.27) validates against the API definitions of each
 * version from 1.27 to 1.36, each version's file read once; every example synthesizes for the targets 1.27 and 1.36,
 * validated against that version. And the compact form of the definitions (what the package carries, what the
 * validation plugin reads) validates as the files themselves do.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { KubernetesVersion, PlatformDefaults } from '../../src';
import { KUBERNETES_VERSIONS } from '../../src/core/kubernetes-version';
import { checkCharts } from '../../src/plugin';
import { validatorOf } from '../../src/testing/manifest-validator';
import { CRD_FILES, crdDocuments, kubernetesApis, kubernetesDefinitions, REPO_ROOT, strictValidator } from '../support/shared';

/** One YAML snapshot: the file, its name in the file, and its objects. */
interface Snapshot {
  readonly name: string;
  readonly manifests: any[];
}

function snapFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'node_modules' ? [] : snapFiles(full);
    }
    return e.name.endsWith('.snap') ? [full] : [];
  });
}

/** The YAML snapshots (`ManifestYaml`: a string that starts with `---\n# `) of every snapshot file of the repository. */
function yamlSnapshots(): Snapshot[] {
  const found: Snapshot[] = [];
  for (const file of [...snapFiles(path.join(REPO_ROOT, 'test')), ...snapFiles(path.join(REPO_ROOT, 'examples'))]) {
    // A snapshot file is a CommonJS module of template literals: `exports[`<name>`] = `<value>`;`.
    const entries: Record<string, string> = {};
    new Function('exports', fs.readFileSync(file, 'utf-8'))(entries);
    for (const [name, value] of Object.entries(entries)) {
      const text = value.replace(/^\n/, '').replace(/\n$/, '');
      if (typeof value !== 'string' || !text.startsWith('---\n# ')) {
        continue;
      }
      const manifests = parseAllDocuments(text).map((d) => d.toJS()).filter((m) => m !== null && typeof m === 'object');
      found.push({ name: `${path.relative(REPO_ROOT, file)}: ${name}`, manifests });
    }
  }
  return found;
}

const SNAPSHOTS = yamlSnapshots();

/** The folders of examples/ that hold an example (a chart.ts). */
const EXAMPLES = fs.readdirSync(path.join(REPO_ROOT, 'examples'))
  .filter((d) => fs.existsSync(path.join(REPO_ROOT, 'examples', d, 'chart.ts'))).sort();

test('the YAML snapshots are found: every example, and the tests of every step', () => {
  const files = new Set(SNAPSHOTS.map((s) => s.name.split(':')[0]));
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(11);
  expect(EXAMPLES.filter((example) => ![...files].some((f) => f.startsWith(`examples/${example}/`)))).toEqual([]);
  for (const step of ['workload', 'persistence', 'expose', 'publish', 'monitor', 'patterns']) {
    expect([...files].some((f) => f.startsWith(`test/${step}/`))).toBe(true);
  }
  expect(SNAPSHOTS.reduce((n, s) => n + s.manifests.length, 0)).toBeGreaterThan(200);
});

test.each(KUBERNETES_VERSIONS.map((v) => [v]))('every YAML snapshot is valid on Kubernetes %s', (version) => {
  const validator = strictValidator(version);
  const problems = SNAPSHOTS.flatMap((s) => validator.problemsOfAll(s.manifests).map((p) => `${s.name}: ${p.resource} ${p.path}: ${p.message}`));
  expect(problems).toEqual([]);
});

test.each(KUBERNETES_VERSIONS.map((v) => [v]))('the compact definitions of Kubernetes %s are the file\'s, without descriptions', (version) => {
  // The validator reads no description; the compact form keeps only the deprecation notes of kinds.
  const withoutDescriptions = (definitions: unknown) => JSON.parse(JSON.stringify(definitions,
    (key, value) => (key === 'description' && typeof value === 'string' ? undefined : value)));
  const file = kubernetesDefinitions(version);
  expect(withoutDescriptions(kubernetesApis().definitionsOf(version))).toEqual(withoutDescriptions(file));
});

test('a validator of the compact definitions finds what one of the file finds', () => {
  const version = KubernetesVersion.V1_36;
  const compact = validatorOf(kubernetesApis().definitionsOf(version), { crds: crdDocuments() });
  const full = strictValidator(version);
  expect(compact.knownKinds).toEqual(full.knownKinds);
  // The snapshots' objects, broken in ways that reach deep into the definitions.
  const broken = SNAPSHOTS.flatMap((s) => s.manifests).map((m) => ({
    ...m,
    metadata: { ...m.metadata, labels: { ...m.metadata?.labels, 'bad label': 'x' }, unknownField: true },
    spec: m.spec === undefined ? undefined : {
      ...m.spec,
      unknownField: 1,
      template: m.spec.template && { ...m.spec.template, spec: { containers: [{ name: 'x', image: 1, ports: [{ containerPort: 'http' }] }] } },
    },
  }));
  expect(compact.problemsOfAll(broken)).toEqual(full.problemsOfAll(broken));
  expect(compact.problemsOfAll(broken).length).toBeGreaterThan(broken.length);
});

/**
 * Every chart class of every example (each exported class of its chart.ts that is a Chart, made with its default
 * props), in an App that targets a Kubernetes version.
 */
function examplesFor(version: KubernetesVersion): Chart[] {
  const app = Testing.app();
  PlatformDefaults.set(app, { kubernetesVersion: version });
  return EXAMPLES.flatMap((example) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module: Record<string, unknown> = require(path.join(REPO_ROOT, 'examples', example, 'chart.ts'));
    return Object.entries(module)
      .filter((entry): entry is [string, new (scope: Construct, id: string) => Chart] =>
        typeof entry[1] === 'function' && Object.prototype.isPrototypeOf.call(Chart.prototype, entry[1].prototype))
      .map(([name, ChartClass]) => new ChartClass(app, `${example}-${name}`));
  });
}

test.each([[KubernetesVersion.V1_27], [KubernetesVersion.V1_36]])('every example synthesizes for the target %s and is valid there', (version) => {
  const charts = examplesFor(version);
  expect(charts.length).toBeGreaterThanOrEqual(EXAMPLES.length);
  for (const chart of charts) {
    // chart.toJson() validates against the chart's target (test/setup/strict-validation.ts); checked here too.
    const manifests = chart.toJson();
    expect(manifests.length).toBeGreaterThan(0);
    expect(strictValidator(version).problemsOfAll(manifests)).toEqual([]);
  }
  // The validation plugin's api-versions rules, for the target the charts' platform defaults name: no API that the
  // target removed or deprecates, every object (custom resources too) valid.
  const result = checkCharts(charts, { kubernetesApis: kubernetesApis(), crdFiles: CRD_FILES });
  expect(result.kubernetesVersion).toBe(version);
  expect(result.findings.filter((f) => f.rule.startsWith('api-versions/'))).toEqual([]);
  expect(result.notSchemaChecked).toEqual([]);
});
