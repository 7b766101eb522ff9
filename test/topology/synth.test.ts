/**
 * AppSynthesis writes the topology picture of each chart beside its YAML, unless the platform default says not to;
 * `app.synth()` and `chart.toJson()` write no picture (nothing in the library patches cdk8s objects).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { blueGreen, canaryRoute, monitoredApp, webShop } from './charts';
import { missingNodes, parseDiagram } from './mermaid';
import { AppIdentity, AppSynthesis, PlatformDefaults, PlatformSetting, TopologyDiagram } from '../../src';

/**
 * The files of the manifests folder and of the side files folder beside it (`<outdir>-side-files`), but the other side
 * files of each chart (`<chart>.prerequisites.md`, see test/synth/).
 */
function filesIn(dir: string): string[] {
  return [dir, `${dir}-side-files`].filter((d) => fs.existsSync(d))
    .flatMap((d) => fs.readdirSync(d).filter((f) => fs.statSync(path.join(d, f)).isFile() && !f.endsWith('.prerequisites.md'))).sort();
}

function read(app: App, file: string): string {
  return fs.readFileSync(path.join(AppSynthesis.sideFilesDirOf(app), file), 'utf-8');
}

test('AppSynthesis.synth writes <chart>.topology.md beside <chart>.k8s.yaml: the picture of the objects in that YAML', () => {
  const app = monitoredApp();
  webShop(app);
  blueGreen(app);
  canaryRoute(app);
  AppSynthesis.synth(app);
  expect(filesIn(app.outdir)).toEqual([
    'bar.k8s.yaml', 'bar.topology.md', 'foo.k8s.yaml', 'foo.topology.md', 'shop.k8s.yaml', 'shop.topology.md',
  ]);
  for (const chart of ['bar', 'foo', 'shop']) {
    const manifests = Yaml.load(path.join(app.outdir, `${chart}.k8s.yaml`));
    const markdown = read(app, `${chart}.topology.md`);
    expect(markdown).toBe(TopologyDiagram.ofManifests(manifests, chart));
    expect(missingNodes(parseDiagram(markdown), manifests)).toEqual([]);
    expect(markdown.startsWith(`# Topology of ${chart}\n`)).toBe(true);
  }
});

test('deterministic: two syntheses give the same text', () => {
  const synthesized = () => {
    const app = monitoredApp();
    webShop(app);
    blueGreen(app);
    AppSynthesis.synth(app);
    return [read(app, 'shop.topology.md'), read(app, 'foo.topology.md')];
  };
  expect(synthesized()).toEqual(synthesized());
});

describe('turned off', () => {
  test('topologyDiagram: false on the App: no picture, the YAML as always', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { topologyDiagram: false });
    blueGreen(app);
    AppSynthesis.synth(app);
    expect(filesIn(app.outdir)).toEqual(['foo.k8s.yaml']);
  });

  test('switched off in one chart (switching it off means no picture); the other charts keep theirs', () => {
    const app = Testing.app();
    const quiet = new Chart(app, 'quiet', { namespace: 'quiet' });
    PlatformDefaults.set(quiet, { switchOff: [PlatformSetting.TOPOLOGY_DIAGRAM] });
    new AppIdentity(quiet, 'Identity', { name: 'quiet' });
    new ApiObject(quiet, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'quiet' } });
    blueGreen(app);
    AppSynthesis.synth(app);
    expect(filesIn(app.outdir)).toEqual(['foo.k8s.yaml', 'foo.topology.md', 'quiet.k8s.yaml']);
  });

  test('read when the picture is written, without refusing defaults set afterwards', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'plain');
    new AppIdentity(chart, 'Identity', { name: 'plain' });
    new ApiObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } });
    AppSynthesis.synth(app);
    expect(filesIn(app.outdir)).toEqual(['plain.k8s.yaml', 'plain.topology.md']);
    // Reading the defaults at synthesis did not mark the scopes as read: defaults may still be set.
    expect(() => PlatformDefaults.set(app, { topologyDiagram: false })).not.toThrow();
    expect(() => PlatformDefaults.set(chart, { ingressClassName: 'nginx' })).not.toThrow();
    fs.rmSync(path.join(AppSynthesis.sideFilesDirOf(app), 'plain.topology.md'));
    AppSynthesis.synth(app);
    expect(filesIn(app.outdir)).toEqual(['plain.k8s.yaml']);
  });
});

test('app.synth() and chart.toJson() write no picture; AppSynthesis.writeSideFiles after app.synth() writes what AppSynthesis.synth does', () => {
  const app = Testing.app();
  const chart = blueGreen(app);
  chart.toJson();
  expect(filesIn(app.outdir)).toEqual([]);
  app.synth();
  expect(filesIn(app.outdir)).toEqual(['foo.k8s.yaml']);
  AppSynthesis.writeSideFiles(app);
  expect(filesIn(app.outdir)).toEqual(['foo.k8s.yaml', 'foo.topology.md']);
  expect(read(app, 'foo.topology.md')).toBe(TopologyDiagram.ofManifests(Yaml.load(path.join(app.outdir, 'foo.k8s.yaml')), 'foo'));
});

test('charts that depend on each other: the file name follows the YAML (0000-<chart>)', () => {
  const app = Testing.app();
  const first = new Chart(app, 'first');
  new AppIdentity(first, 'Identity', { name: 'first' });
  new ApiObject(first, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' } });
  const second = blueGreen(app);
  second.addDependency(first);
  AppSynthesis.synth(app);
  expect(filesIn(app.outdir)).toEqual(['0000-first.k8s.yaml', '0000-first.topology.md', '0001-foo.k8s.yaml', '0001-foo.topology.md']);
});

test('nested charts: one picture per chart, each of its own objects', () => {
  const app = Testing.app();
  const parent = new Chart(app, 'parent');
  new AppIdentity(parent, 'Identity', { name: 'parent' });
  new ApiObject(parent, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'parent' } });
  blueGreen(parent);
  AppSynthesis.synth(app);
  const files = filesIn(app.outdir);
  expect(files.filter((f) => f.endsWith('.topology.md'))).toEqual(files.filter((f) => f.endsWith('.k8s.yaml')).map((f) => f.replace('.k8s.yaml', '.topology.md')));
  const child = parseDiagram(read(app, files.find((f) => /foo.*\.topology\.md$/.test(f))!));
  expect(child.heading).toBe('Topology of parent/foo');
  expect([...child.nodes.values()]).not.toContain('ConfigMap parent');
});

test('a folder per chart: the picture beside the folder', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-topology-'));
  try {
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    blueGreen(app);
    AppSynthesis.synth(app);
    expect(fs.readdirSync(outdir).sort()).toEqual(['foo']);
    expect(fs.readdirSync(`${outdir}-side-files`).sort()).toEqual(['foo.prerequisites.md', 'foo.topology.md', 'urls']);
    expect(read(app, 'foo.topology.md')).toContain('Service_foo_foo --> Deployment_foo_foo_blue');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
  }
});

test('a chart without a cdk8s-appflow application gets no picture', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'bare');
  new ApiObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bare' } });
  AppSynthesis.synth(app);
  expect(filesIn(app.outdir)).toEqual(['bare.k8s.yaml']);
  // The picture is still there to be made.
  expect(parseDiagram(TopologyDiagram.ofChart(chart)).nodes.get('ConfigMap_bare')).toBe('ConfigMap bare');
});

test('an identity outside any chart registers nothing, and breaks nothing', () => {
  const app = Testing.app();
  expect(() => new AppIdentity(app, 'Identity', { name: 'loose' })).not.toThrow();
  blueGreen(app);
  AppSynthesis.synth(app);
  expect(filesIn(app.outdir)).toEqual(['foo.k8s.yaml', 'foo.topology.md']);
});
