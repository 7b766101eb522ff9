import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
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
import { AppSynthesis, ContainerImage, WebService } from '../../src';

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
 * other with `AppSynthesis.synth()`, and compares the output directories byte for byte.
 */
function compare(build: (app: App) => void, props: { yamlOutputType?: YamlOutputType; recordConstructMetadata?: boolean } = {}): Map<string, Buffer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-linear-'));
  try {
    const byCdk8s = new App({ outdir: path.join(root, 'cdk8s'), ...props });
    build(byCdk8s);
    byCdk8s.synth();
    AppSynthesis.writeSideFiles(byCdk8s);
    const linear = new App({ outdir: path.join(root, 'linear'), ...props });
    build(linear);
    AppSynthesis.synth(linear);
    const expected = filesOf(byCdk8s.outdir);
    const actual = filesOf(linear.outdir);
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

test('the examples: the same files as app.synth(), byte for byte (YAML, topology, URLs, build plans)', () => {
  const files = compare(examples);
  expect([...files.keys()].filter((f) => f.endsWith('.k8s.yaml'))).toHaveLength(11);
  expect([...files.keys()]).toEqual(expect.arrayContaining(['full-stack.topology.md', 'urls/shop-web.txt', 'images/api/build.sh']));
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
  expect([...files.keys()].filter((f) => f.endsWith('.k8s.yaml')).sort()).toEqual(['0000-app-2.k8s.yaml', '0001-app-0.k8s.yaml', '0002-app-1.k8s.yaml']);
});

test.each([
  ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
  ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
])('output type %s: the same files', (_name, yamlOutputType) => {
  compare(manyCharts(3), { yamlOutputType });
});

test('the construct metadata that validation plugins read: the same file', () => {
  const files = compare(manyCharts(2), { recordConstructMetadata: true });
  expect(files.has('construct-metadata.json')).toBe(true);
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

  test('checks: false skips them; a bad options value is refused', () => {
    expect(() => AppSynthesis.synth(clashing(), { checks: false })).not.toThrow();
    expect(() => AppSynthesis.synth(new App({ outdir }), { checks: 'no' } as any)).toThrow(/invalid AppSynthesis\.synth\(options\.checks\) "no": it is not a boolean\. Expected true \(the default\) or false\./);
    expect(() => AppSynthesis.synth(new App({ outdir }), 3 as any)).toThrow(/invalid AppSynthesis\.synth\(options\) 3: it is not an object/);
  });
});
