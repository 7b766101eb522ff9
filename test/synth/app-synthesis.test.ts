import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Size, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as YAML from 'yaml';
import { BatchAndCronChart } from '../../examples/batch-and-cron/chart';
import { FooBlueGreenChart, FooCanaryChart } from '../../examples/blue-green-canary/chart';
import { FullStackChart } from '../../examples/full-stack/chart';
import { HelloWebChart } from '../../examples/hello-web/chart';
import { LockedImageChart } from '../../examples/locked-image/chart';
import { LogAgentChart } from '../../examples/log-agent/chart';
import { MysqlStatefulChart } from '../../examples/mysql-stateful/chart';
import { NginxWebChart } from '../../examples/nginx-web/chart';
import { RollingUpdateChart } from '../../examples/rolling-update/chart';
import { SidecarProxyChart } from '../../examples/sidecar-proxy/chart';
import {
  AppIdentity, AppOutputOptions, AppSynthesis, CanaryTraffic, ContainerImage, ReleaseStrategy, SecurityRelaxation, StatelessWorkload, WebService,
} from '../../src';

/** Every file under a directory, by relative path, with its bytes. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        files.set(path.relative(dir, full), fs.readFileSync(full));
      }
    }
  };
  walk(dir);
  return files;
}

/**
 * Builds the same app twice, synthesizes one with `app.synth()` followed by `AppSynthesis.writeSideFiles()` and the
 * other with `AppSynthesis.synth()`, and compares the manifests folders, the side files folders and the Helm chart
 * folders byte for byte; returns the files of the first, by folder (`dist/`, `side/`, `helm/`) and relative path.
 */
function compare(
  build: (app: App) => void,
  props: { yamlOutputType?: YamlOutputType; recordConstructMetadata?: boolean } = {},
  options: AppOutputOptions = {},
): Map<string, Buffer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-linear-'));
  const outputOf = (app: App) => new Map([
    ...[...filesOf(app.outdir)].map(([f, bytes]) => [`dist/${f}`, bytes] as const),
    ...[...filesOf(AppSynthesis.sideFilesDirOf(app))].map(([f, bytes]) => [`side/${f}`, bytes] as const),
    ...(options.helmChart ? [...filesOf(`${app.outdir}-helm`)].map(([f, bytes]) => [`helm/${f}`, bytes] as const) : []),
  ]);
  try {
    const byCdk8s = new App({ outdir: path.join(root, 'cdk8s'), ...props });
    build(byCdk8s);
    byCdk8s.synth();
    AppSynthesis.writeSideFiles(byCdk8s, options);
    const linear = new App({ outdir: path.join(root, 'linear'), ...props });
    build(linear);
    AppSynthesis.synth(linear, options);
    const expected = outputOf(byCdk8s);
    const actual = outputOf(linear);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, bytes] of expected) {
      expect([file, actual.get(file)!.equals(bytes)]).toEqual([file, true]);
    }
    return expected;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const examples = (app: App) => {
  new HelloWebChart(app, 'hello-web');
  new LockedImageChart(app, 'locked-image');
  new NginxWebChart(app, 'nginx-web');
  new RollingUpdateChart(app, 'rolling-update');
  new SidecarProxyChart(app, 'sidecar-proxy');
  new FooBlueGreenChart(app, 'foo-bluegreen');
  new FooCanaryChart(app, 'foo-canary');
  new MysqlStatefulChart(app, 'mysql-stateful');
  new LogAgentChart(app, 'log-agent');
  new BatchAndCronChart(app, 'batch-and-cron');
  new FullStackChart(app, 'full-stack');
};

const manyCharts = (count: number) => (app: App) => {
  for (let i = 0; i < count; i++) {
    const chart = new Chart(app, `app-${i}`, { namespace: `team-${i % 7}` });
    new WebService(chart, 'Web', {
      name: `web-${i}`,
      image: ContainerImage.fromReference('registry.example.com/shop/web:2.0.0'),
      port: 8080,
      resources: { cpuRequest: kplus.Cpu.millis(50), memoryRequest: Size.mebibytes(64) },
      claims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] }],
      publish: { hosts: [`web-${i}.example.com`] },
    });
  }
};

test('the examples: the same files as app.synth(), byte for byte (YAML, topology, URLs, build plans, kustomization, Helm chart)', () => {
  const files = compare(examples, {}, { kustomization: true, helmChart: { name: 'examples', version: '1.0.0' } });
  expect([...files.keys()].filter((f) => f.endsWith('.k8s.yaml'))).toHaveLength(11);
  // The manifests folder holds only manifests; the side files are in their own folder.
  expect([...files.keys()].filter((f) => f.startsWith('dist/') && !f.endsWith('.k8s.yaml'))).toEqual(['dist/kustomization.yaml']);
  expect([...files.keys()]).toEqual(expect.arrayContaining([
    'side/full-stack.topology.md', 'side/full-stack.prerequisites.md', 'side/urls/shop-web.txt', 'side/images/api/build.sh', 'helm/Chart.yaml',
    'helm/templates/full-stack.yaml',
  ]));
});

test('an app of 200 charts: the same files', () => {
  const files = compare(manyCharts(200));
  expect([...files.keys()].filter((f) => f.endsWith('.k8s.yaml'))).toHaveLength(200);
});

test('charts that depend on each other: numbered files in dependency order', () => {
  const files = compare((app) => {
    manyCharts(3)(app);
    const [a, b, c] = app.node.children as Chart[];
    a.addDependency(c);
    b.addDependency(a);
  });
  expect([...files.keys()].filter((f) => f.endsWith('.k8s.yaml')).sort()).toEqual(['dist/0000-app-2.k8s.yaml', 'dist/0001-app-0.k8s.yaml', 'dist/0002-app-1.k8s.yaml']);
});

test.each([
  ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
  ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
])('output type %s: the same files', (_name, yamlOutputType) => {
  compare(manyCharts(3), { yamlOutputType }, { kustomization: true, helmChart: { name: 'many', version: '0.1.0' } });
});

test('the construct metadata that validation plugins read: the same file', () => {
  const files = compare(manyCharts(2), { recordConstructMetadata: true });
  expect(files.has('dist/construct-metadata.json')).toBe(true);
});

test('a validation error: the same message as app.synth()', () => {
  const failing = (app: App) => {
    const chart = new Chart(app, 'broken');
    chart.node.addValidation({ validate: () => ['something is wrong'] });
  };
  const message = (run: (app: App) => void) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-linear-')) });
    failing(app);
    try {
      run(app);
      return 'no error';
    } catch (e) {
      return (e as Error).message;
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  };
  expect(message((app) => AppSynthesis.synth(app))).toBe(message((app) => app.synth()));
  expect(message((app) => AppSynthesis.synth(app))).toBe('Validation failed with the following errors:\n  [broken] something is wrong');
});

describe('the works-when-applied checks', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-checks-'));
  });
  afterEach(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
  });

  /** Two charts that each write a ConfigMap shop/web, differently. */
  function clashing(): App {
    const app = new App({ outdir });
    for (const [id, level] of [['one', 'info'], ['two', 'debug']]) {
      const chart = new Chart(app, id, { namespace: 'shop' });
      new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'web' }, data: { LOG_LEVEL: level } });
    }
    return app;
  }

  test('an error fails the synthesis after the files are written, naming the rule, both construct paths and the fix', () => {
    const app = clashing();
    expect(() => AppSynthesis.synth(app)).toThrow(/do not work when applied \(1 finding;[\s\S]*\[object-unique\] ConfigMap shop\/web \(two\/Config\/Resource\) at metadata\.name: ConfigMap shop\/web is written twice, differently: by one\/Config\/Resource \(one\.k8s\.yaml#0\) and by two\/Config\/Resource \(two\.k8s\.yaml#0\)[\s\S]*Fix: give one of them another name/);
    expect(fs.readdirSync(outdir).sort()).toEqual(['one.k8s.yaml', 'two.k8s.yaml']);
  });

  test('a canary by route weight that is not published fails: nothing sends the canary its share', () => {
    const app = new App({ outdir });
    new WebService(new Chart(app, 'shop', { namespace: 'shop' }), 'Web', {
      name: 'web',
      image: ContainerImage.fromReference('registry.example.com/shop/web:2.3.1'),
      port: 8080,
      release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('registry.example.com/shop/web:2.4.0'), weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }),
    });
    expect(() => AppSynthesis.synth(app)).toThrow(/\(1 finding;[\s\S]*\[canary-reached\] Service shop\/web-canary \(shop\/Web\/Release\/CanaryService\/Resource\/Resource\) at spec\.selector\["cdk8s-appflow\/track"\]: Service shop\/web-canary selects the pods of the canary track, and no Ingress, HTTPRoute or GRPCRoute of the manifests sends traffic to it/);
  });

  test('a pod that the level its Namespace enforces refuses fails: admission would give the Deployment no pod', () => {
    const app = new App({ outdir });
    // The platform team's Namespace, restricted, and a worker whose image runs as root.
    const platform = new Chart(app, 'platform');
    new kplus.Namespace(platform, 'Shop', { metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new StatelessWorkload(shop, 'Worker', {
      identity: new AppIdentity(shop, 'Identity', { name: 'worker' }),
      container: { image: ContainerImage.fromReference('registry.example.com/shop/worker:1.4.2') },
      relax: [SecurityRelaxation.RUN_AS_ROOT],
    });
    expect(() => AppSynthesis.synth(app)).toThrow(/\(1 finding;[\s\S]*\[namespace-admits-pods\] Deployment shop\/worker \(shop\/Worker\/Resource\/Resource\) at spec\.template\.spec\.securityContext\.runAsNonRoot: its Namespace shop enforces the restricted Pod Security level \(pod-security\.kubernetes\.io\/enforce: restricted\), and the pods fail restricted\/run-as-non-root/);
  });

  test('checks: false skips them; a bad options value is refused', () => {
    expect(() => AppSynthesis.synth(clashing(), { checks: false })).not.toThrow();
    expect(() => AppSynthesis.synth(new App({ outdir }), { checks: 'no' } as any)).toThrow(/invalid AppSynthesis\.synth\(options\.checks\) "no": it is not a boolean\. Expected true \(the default\) or false\./);
    expect(() => AppSynthesis.synth(new App({ outdir }), 3 as any)).toThrow(/invalid AppSynthesis\.synth\(options\) 3: it is not an object/);
  });
});

describe('the output folders', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-output-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** An app of one web service (a topology picture and a URL file) whose outdir is `<root>/dist`. */
  function webApp(): App {
    const app = new App({ outdir: path.join(root, 'dist') });
    manyCharts(1)(app);
    return app;
  }
  const list = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();

  test('by default the side files go beside the manifests folder, into <outdir>-side-files; the manifests folder holds only manifests', () => {
    const app = webApp();
    AppSynthesis.synth(app);
    expect(fs.readdirSync(root).sort()).toEqual(['dist', 'dist-side-files']);
    expect(list(path.join(root, 'dist'))).toEqual(['app-0.k8s.yaml']);
    expect(list(path.join(root, 'dist-side-files'))).toEqual(['app-0.prerequisites.md', 'app-0.topology.md', 'urls', 'urls/web-0.txt']);
    expect(AppSynthesis.sideFilesDirOf(app)).toBe(path.join(root, 'dist-side-files'));
  });

  test('a relative outdir: the default folder is relative to the current directory as the outdir is', () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const app = new App({ outdir: 'out' });
      expect(AppSynthesis.sideFilesDirOf(app)).toBe(path.join(fs.realpathSync(root), 'out-side-files'));
      expect(AppSynthesis.sideFilesDirOf(app, { sideFilesDir: 'notes' })).toBe(path.join(fs.realpathSync(root), 'notes'));
    } finally {
      process.chdir(cwd);
    }
  });

  test('the default folder is emptied first (a removed chart leaves no picture); a folder named by sideFilesDir is not', () => {
    const stale = path.join(root, 'dist-side-files', 'removed.topology.md');
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'old');
    AppSynthesis.synth(webApp());
    expect(fs.existsSync(stale)).toBe(false);

    const named = path.join(root, 'notes');
    fs.mkdirSync(named);
    fs.writeFileSync(path.join(named, 'README.md'), 'mine');
    AppSynthesis.synth(webApp(), { sideFilesDir: named });
    expect(list(named)).toEqual(['README.md', 'app-0.prerequisites.md', 'app-0.topology.md', 'urls', 'urls/web-0.txt']);
  });

  test('writeSideFiles takes the same options as synth', () => {
    const app = webApp();
    app.synth();
    AppSynthesis.writeSideFiles(app, { sideFilesDir: path.join(root, 'notes'), kustomization: true, helmChart: { name: 'shop', version: '1.0.0' } });
    expect(fs.readdirSync(root).sort()).toEqual(['dist', 'dist-helm', 'notes']);
    expect(list(path.join(root, 'dist'))).toEqual(['app-0.k8s.yaml', 'kustomization.yaml']);
    expect(list(path.join(root, 'notes'))).toEqual(['app-0.prerequisites.md', 'app-0.topology.md', 'urls', 'urls/web-0.txt']);
    expect(list(path.join(root, 'dist-helm'))).toEqual(['Chart.yaml', 'templates', 'templates/app-0.yaml', 'values.yaml']);
  });

  test('kustomization: true lists the manifest files in the order they were written, with the folders of a folder per chart', () => {
    const app = new App({ outdir: path.join(root, 'dist'), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    manyCharts(2)(app);
    AppSynthesis.synth(app, { kustomization: true });
    const [comment, ...yaml] = fs.readFileSync(path.join(root, 'dist', 'kustomization.yaml'), 'utf-8').split('\n');
    expect(comment).toBe('# Written by cdk8s-appflow (AppSynthesis): the manifests of this folder, rewritten at each synthesis.');
    const kustomization = YAML.parse(yaml.join('\n'));
    expect(Object.keys(kustomization)).toEqual(['apiVersion', 'kind', 'resources']);
    expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect(kustomization.kind).toBe('Kustomization');
    // Every manifest file, chart after chart, each chart's in the order of its objects (its Deployment first).
    expect([...kustomization.resources].sort()).toEqual(list(path.join(root, 'dist')).filter((f) => f.endsWith('.k8s.yaml')));
    expect(kustomization.resources.map((f: string) => f.split('/')[0])).toEqual([...kustomization.resources.map((f: string) => f.split('/')[0])].sort());
    expect(kustomization.resources[0]).toBe('app-0/Deployment.web-0.k8s.yaml');
    expect(list(path.join(root, 'dist')).filter((f) => !f.includes('/')).sort()).toEqual(['app-0', 'app-1', 'kustomization.yaml']);
  });

  test('the Helm chart: Chart.yaml, values.yaml and one template per chart, escaped; templates of charts removed since go', () => {
    const stale = path.join(root, 'dist-helm', 'templates', 'removed.yaml');
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'kind: ConfigMap');
    fs.writeFileSync(path.join(root, 'dist-helm', 'README.md'), 'mine');
    const app = new App({ outdir: path.join(root, 'dist') });
    const chart = new Chart(app, 'alerts');
    new ApiObject(chart, 'Rule', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rule' }, data: { summary: 'Pod {{ $labels.pod }} restarts {}}' } });
    AppSynthesis.synth(app, { helmChart: { name: 'alerts', version: '2.0.0-rc.1', appVersion: '2.0', description: 'Alert rules' } });
    expect(list(path.join(root, 'dist-helm'))).toEqual(['Chart.yaml', 'README.md', 'templates', 'templates/alerts.yaml', 'values.yaml']);
    expect(fs.readFileSync(path.join(root, 'dist-helm', 'Chart.yaml'), 'utf-8')).toBe([
      '# Written by cdk8s-appflow (AppSynthesis): rewritten at each synthesis.',
      'apiVersion: v2',
      'name: alerts',
      'description: Alert rules',
      'type: application',
      'version: 2.0.0-rc.1',
      'appVersion: "2.0"',
      '',
    ].join('\n'));
    expect(fs.readFileSync(path.join(root, 'dist-helm', 'templates', 'alerts.yaml'), 'utf-8'))
      .toBe(fs.readFileSync(path.join(root, 'dist', 'alerts.k8s.yaml'), 'utf-8')
        .replace('{{ $labels.pod }}', '{{ "{{" }} $labels.pod {{ "}}" }}').replace('{}}', '{{ "{}}" }}'));
  });

  test('refused option values, for typed and untyped callers alike', () => {
    const app = new App({ outdir: path.join(root, 'dist') });
    const message = (run: () => void) => {
      try {
        run();
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    };
    const dist = path.join(root, 'dist');
    expect(message(() => AppSynthesis.synth(app, { sideFilesDir: 3 } as any)))
      .toBe('<root>: invalid AppSynthesis.synth(options.sideFilesDir) 3: it is not a string. Expected a folder path outside the manifests folder (the app\'s outdir), e.g. "dist-side-files".');
    expect(message(() => AppSynthesis.writeSideFiles(app, { sideFilesDir: ' ' })))
      .toBe('<root>: invalid AppSynthesis.writeSideFiles(options.sideFilesDir) " ": it is empty. Expected a folder path outside the manifests folder (the app\'s outdir), e.g. "dist-side-files".');
    expect(message(() => AppSynthesis.synth(app, { sideFilesDir: path.join(dist, 'notes') })))
      .toBe(`<root>: invalid AppSynthesis.synth(options.sideFilesDir) ${JSON.stringify(path.join(dist, 'notes'))}: it is inside the manifests folder ${dist} (the app's outdir), `
        + 'which kubectl, Argo CD and Flux read as a whole. Expected a folder outside it, e.g. "dist-side-files".');
    expect(message(() => AppSynthesis.synth(app, { sideFilesDir: dist })))
      .toBe(`<root>: invalid AppSynthesis.synth(options.sideFilesDir) ${JSON.stringify(dist)}: it is the manifests folder ${dist} (the app's outdir), `
        + 'which kubectl, Argo CD and Flux read as a whole. Expected a folder outside it, e.g. "dist-side-files".');
    expect(message(() => AppSynthesis.synth(app, { kustomization: 'yes' } as any)))
      .toBe('<root>: invalid AppSynthesis.synth(options.kustomization) "yes": it is not a boolean. Expected true or false (the default).');
    expect(message(() => AppSynthesis.writeSideFiles(app, null as any)))
      .toBe('<root>: invalid AppSynthesis.writeSideFiles(options) null: it is not an object. Expected { sideFilesDir?, helmChart?, kustomization? } or nothing.');
    // A misspelt option would be no option at all (no kustomization written).
    expect(message(() => AppSynthesis.synth(app, { kustomisation: true } as any)))
      .toBe('<root>: invalid AppSynthesis.synth(options.kustomisation) true: it is not an option of AppSynthesis.synth (did you mean kustomization?). '
        + 'Expected { sideFilesDir?, helmChart?, kustomization?, checks? } or nothing.');
    expect(message(() => AppSynthesis.writeSideFiles(app, { checks: false } as any)))
      .toBe('<root>: invalid AppSynthesis.writeSideFiles(options.checks) false: it is not an option of AppSynthesis.writeSideFiles. '
        + 'Expected { sideFilesDir?, helmChart?, kustomization? } or nothing.');
    expect(message(() => AppSynthesis.synth(app, { helmChart: 'shop' } as any)))
      .toBe('<root>: invalid AppSynthesis.synth(options.helmChart) "shop": it is not an object. Expected { name, version, appVersion?, description?, outdir? } or nothing (no Helm chart).');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'Shop_1', version: '1.0.0' } })))
      .toBe('<root>: invalid AppSynthesis.synth(options.helmChart.name) "Shop_1": it is not a Helm chart name. Expected lower-case letters, digits and dashes, starting and ending with a letter or digit, e.g. "shop".');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { version: '1.0.0' } } as any)))
      .toBe('<root>: invalid AppSynthesis.synth(options.helmChart.name) (undefined): it is not a string. Expected lower-case letters, digits and dashes, starting and ending with a letter or digit, e.g. "shop".');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'shop', version: '1.0' } })))
      .toBe('<root>: invalid AppSynthesis.synth(options.helmChart.version) "1.0": it is not a SemVer 2 version. Expected a SemVer 2 version, as Helm requires, e.g. "1.4.0" or "1.4.0-rc.1" (https://semver.org).');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'shop', version: 1 } } as any)))
      .toBe('<root>: invalid AppSynthesis.synth(options.helmChart.version) 1: it is not a string. Expected a SemVer 2 version, as Helm requires, e.g. "1.4.0" or "1.4.0-rc.1" (https://semver.org).');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'shop', version: '1.0.0', appVersion: '2\n3' } })))
      .toBe('<root>: invalid AppSynthesis.synth(options.helmChart.appVersion) "2\\n3": it holds a line break. Expected the version of the application the chart deploys, on one line, e.g. "2.3.1", or nothing.');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'shop', version: '1.0.0', description: 7 } } as any)))
      .toBe('<root>: invalid AppSynthesis.synth(options.helmChart.description) 7: it is not a string. Expected one line of text, or nothing.');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'shop', version: '1.0.0', outdir: path.join(dist, 'chart') } })))
      .toBe(`<root>: invalid AppSynthesis.synth(options.helmChart.outdir) ${JSON.stringify(path.join(dist, 'chart'))}: it is inside the manifests folder ${dist} (the app's outdir), `
        + 'which kubectl, Argo CD and Flux read as a whole. Expected a folder outside it, e.g. "dist-helm".');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'shop', version: '1.0.0', outdir: root } })))
      .toBe(`<root>: invalid AppSynthesis.synth(options.helmChart.outdir) ${JSON.stringify(root)}: the manifests folder ${dist} is inside it (Helm would package the manifests twice). `
        + 'Expected a folder outside the manifests folder and not around it, e.g. "dist-helm".');
    expect(message(() => AppSynthesis.synth(app, { helmChart: { name: 'shop', version: '1.0.0', outdir: path.join(root, 'dist-side-files', 'chart') } })))
      .toBe(`<root>: invalid AppSynthesis.synth(options.helmChart.outdir) ${JSON.stringify(path.join(root, 'dist-side-files', 'chart'))}: the Helm chart's folder `
        + `${path.join(root, 'dist-side-files', 'chart')} and the side files folder ${path.join(root, 'dist-side-files')} overlap. `
        + 'Expected a Helm chart folder that neither holds the side files folder nor lies inside the default one.');
    expect(message(() => AppSynthesis.synth(app, { sideFilesDir: path.join(root, 'dist-helm', 'notes'), helmChart: { name: 'shop', version: '1.0.0' } })))
      .toBe(`<root>: invalid AppSynthesis.synth(options.sideFilesDir) ${JSON.stringify(path.join(root, 'dist-helm', 'notes'))}: the Helm chart's folder `
        + `${path.join(root, 'dist-helm')} and the side files folder ${path.join(root, 'dist-helm', 'notes')} overlap. `
        + 'Expected a Helm chart folder that neither holds the side files folder nor lies inside the default one.');
    // Nothing was written by a refused synthesis.
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
