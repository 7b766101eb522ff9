/**
 * Every topology picture parses with Mermaid's own parser (the `mermaid` package, loaded once for this file in a child
 * process: see mermaid-parser.ts) and stays within the budget of a Mermaid block: the pictures of the examples, the
 * shop of issue #23, and a platform chart of 50 applications, which the picture splits into an overview and a picture
 * per application, and says so at synthesis.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { platform, shopLike } from './charts';
import { detailsOf, missingNodes, parseDiagram, parseDiagrams } from './mermaid';
import { MermaidResult, mermaidParse, mermaidTexts } from './mermaid-parser';
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
import { TopologyDiagram, Warnings } from '../../src';
import { topologyFileOf } from '../../src/topology/topology-file';
import { REPO_ROOT } from '../support/shared';
import { synth } from '../support/synth';

/** Mermaid's limits (its defaults `maxTextSize` and `maxEdges`), and the budget the picture keeps under them. */
const MERMAID_MAX_TEXT = 50_000;
const BUDGET = { characters: 40_000, edges: 400 };

/** Every example chart, as examples/main.ts makes them. */
function examples(app: App): Chart[] {
  return [
    new HelloWebChart(app, 'hello-web'), new LockedImageChart(app, 'locked-image'), new NginxWebChart(app, 'nginx-web'),
    new RollingUpdateChart(app, 'rolling-update'), new SidecarProxyChart(app, 'sidecar-proxy'), new FooBlueGreenChart(app, 'foo-bluegreen'),
    new FooCanaryChart(app, 'foo-canary'), new MysqlStatefulChart(app, 'mysql-stateful'), new LogAgentChart(app, 'log-agent'),
    new BatchAndCronChart(app, 'batch-and-cron'), new KedaWorkerChart(app, 'keda-worker'), new FullStackChart(app, 'full-stack'),
    new ShopChart(app, 'shop'), new GrpcGatewayChart(app, 'grpc-gateway'),
  ];
}

const edgesOf = (text: string) => text.split('\n').filter((l) => / (-->|-\.->|--x)/.test(l)).length;

/** The pictures, by name: each one's Mermaid blocks. */
const pictures = new Map<string, string>();
/** Mermaid's result for each block of each picture. */
const parsed = new Map<string, MermaidResult[]>();
let platformChart: Chart;
let platformManifests: any[];
/** What Mermaid makes of two broken texts: a syntax error, and more edges than it takes. */
let broken: MermaidResult[];

beforeAll(() => {
  for (const chart of examples(Testing.app())) {
    pictures.set(`example ${chart.node.id}`, TopologyDiagram.ofChart(chart));
  }
  pictures.set('shop of issue #23', TopologyDiagram.ofChart(shopLike()));
  platformChart = platform(50);
  platformManifests = platformChart.toJson();
  // What TopologyDiagram.ofChart draws, from the manifests already made (synthesizing 600 objects twice costs a second).
  pictures.set('platform of 50 applications', TopologyDiagram.ofManifests(platformManifests, 'platform', { dashboardLabels: { grafana_dashboard: '1' } }));
  pictures.set('odd labels', TopologyDiagram.ofManifests([
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'odd', namespace: 'x', labels: { 'app.kubernetes.io/name': 'say "hi"' } },
      spec: { rules: [{ host: 'odd.example.com', http: { paths: [{ path: '/a"b[c](d){e}|f<g>#h`i', backend: { service: { name: 's', port: { number: 1 } } } }] } }] },
    },
    { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'say "hi" [now] #1 `x` {y} |z| <w>' } },
  ], 'odd "title" [x]'));
  pictures.set('a Namespace alone', TopologyDiagram.ofManifests([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } }], 'ns'));
  pictures.set('nothing', TopologyDiagram.ofManifests([], 'nothing'));
  const names = [...pictures.keys()];
  const texts = names.map((n) => mermaidTexts(pictures.get(n)!));
  const results = mermaidParse([
    ...texts.flat(),
    'flowchart LR\n  a["unclosed\n',
    ['flowchart LR', ...Array.from({ length: 501 }, (_, k) => `  n${k} --> n${k + 1}`)].join('\n'),
  ]);
  broken = results.slice(-2);
  let i = 0;
  names.forEach((n, j) => {
    parsed.set(n, results.slice(i, i + texts[j].length));
    i += texts[j].length;
  });
}, 120_000);

test('every example has its picture here', () => {
  const folders = fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => fs.existsSync(path.join(REPO_ROOT, 'examples', f, 'chart.ts')));
  expect(folders.length).toBe(13); // blue-green-canary makes two charts
  expect([...pictures.keys()].filter((n) => n.startsWith('example ')).length).toBe(14);
});

test('every picture parses with Mermaid\'s parser, as a flowchart, and each block is within the budget', () => {
  for (const [name, markdown] of pictures) {
    const results = parsed.get(name)!;
    expect({ name, results: results.filter((r) => !r.ok) }).toEqual({ name, results: [] });
    expect(results.every((r) => r.type === 'flowchart-v2')).toBe(true);
    for (const text of mermaidTexts(markdown)) {
      const within = { characters: text.length <= BUDGET.characters, edges: edgesOf(text) <= BUDGET.edges };
      expect({ name, ...within }).toEqual({ name, characters: true, edges: true });
    }
  }
});

test('Mermaid\'s parser refuses what is broken (the check can fail)', () => {
  expect(broken[0].ok).toBe(false);
  expect(broken[1]).toMatchObject({ ok: false, error: expect.stringMatching(/Edge limit exceeded/) });
});

describe('the shop of issue #23: a canary by ingress-nginx annotations, a database, a backup', () => {
  test('one https host node with the 90/10 split; web and backup connect to the database, whose policy lets them in; the Secret it reads', () => {
    const chart = shopLike();
    const manifests = synth(chart);
    const diagram = parseDiagram(pictures.get('shop of issue #23')!);
    expect(missingNodes(diagram, manifests)).toEqual([]);
    // One node for the host, served over TLS by the main Ingress (the canary Ingress has no TLS of its own).
    expect([...diagram.nodes.values()].filter((l) => l.includes('shop.example.com'))).toEqual(['https://shop.example.com']);
    expect(manifests.filter((m) => m.kind === 'Ingress').map((m) => [m.metadata.name, m.spec.tls !== undefined])).toEqual([['web', true], ['web-canary', false]]);
    expect(manifests.find((m) => m.metadata.name === 'web-canary' && m.kind === 'Ingress').metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('10');
    expect(diagram.edges.filter((e) => e.startsWith('https://shop.example.com')).sort()).toEqual([
      'https://shop.example.com --> Ingress shop/web-canary: 10% canary, /',
      'https://shop.example.com --> Ingress shop/web: 90%, /',
    ]);
    // The connections the "works when applied" model proves, and the policy that admits them.
    expect(diagram.edges.filter((e) => e.includes('Service shop/mysql:')).sort()).toEqual([
      'CronJob shop/mysql-backup --> Service shop/mysql: connects, port 3306',
      'Deployment shop/web-canary, track canary --> Service shop/mysql: connects, port 3306',
      'Deployment shop/web-stable, track stable --> Service shop/mysql: connects, port 3306',
    ]);
    expect(diagram.edges.filter((e) => e.includes('-.-> NetworkPolicy shop/mysql')).sort()).toEqual([
      'CronJob shop/mysql-backup -.-> NetworkPolicy shop/mysql: lets in, port mysql',
      'Deployment shop/web-canary, track canary -.-> NetworkPolicy shop/mysql: lets in, port mysql',
      'Deployment shop/web-stable, track stable -.-> NetworkPolicy shop/mysql: lets in, port mysql',
      // The monitoring stack checks the port.
      'namespace monitoring -.-> NetworkPolicy shop/mysql: lets in, port mysql',
    ]);
    expect(diagram.edges).toContain('NetworkPolicy shop/mysql -.-> StatefulSet shop/mysql: applies to');
    expect(diagram.edges).toContain('StatefulSet shop/mysql --> Secret shop/mysql-root: env MYSQL_ROOT_PASSWORD');
    // Three applications, each in its frame inside the Namespace the chart makes; the Secret only the database reads in its frame.
    expect(diagram.subgraphs).toEqual(['Namespace shop', 'application mysql', 'application mysql-backup', 'application web']);
    expect(diagram.applicationOf.get('Secret_shop_mysql_root')).toBe('application mysql');
    expect(detailsOf(diagram, 'StatefulSet shop/mysql')).toEqual(['1 replica']);
    expect(detailsOf(diagram, 'CronJob shop/mysql-backup')).toEqual(['schedule 0 3 * * *']);
  });
});

describe('a platform chart of 50 applications', () => {
  test('above the budget in one block: an overview of the applications and the flows between them, then a block per application', () => {
    const markdown = pictures.get('platform of 50 applications')!;
    const blocks = parseDiagrams(markdown);
    // In one block it would be more than Mermaid renders.
    const whole = /\((\d+) characters and (\d+) edges in one Mermaid block/.exec(markdown)!;
    expect(Number(whole[1])).toBeGreaterThan(MERMAID_MAX_TEXT);
    expect(blocks.map((b) => b.title)).toEqual(['Overview', ...Array.from({ length: 50 }, (_, i) => `Application app-${String(i).padStart(2, '0')} (namespace platform)`)]);
    const overview = blocks[0].diagram;
    expect(overview.nodes.size).toBe(100); // 50 hosts, 50 applications
    expect(overview.nodes.get('Application_platform_app_07')).toBe('application app-07');
    expect(overview.details.get('Application_platform_app_07')).toEqual(['Deployment platform/app-07']);
    expect(overview.edges.filter((e) => e.includes('app-07')).sort()).toEqual([
      'application app-06 --> application app-07: connects, port 80',
      'application app-07 --> application app-08: connects, port 80',
      'https://app-07.example.com --> application app-07: /',
    ]);
    // Each application's block: its objects, and what they connect to.
    const seven = blocks[8].diagram;
    expect(seven.edges).toContain('Deployment platform/app-07 --> Service platform/app-08: connects, port 80');
    expect(seven.edges).toContain('Deployment platform/app-06 -.-> NetworkPolicy platform/app-07: lets in, port http');
    // Every object of the chart in some block.
    const manifests = platformManifests;
    expect(manifests.length).toBe(50 * 12 - 1);
    const missing = new Set(manifests.map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`));
    for (const { diagram } of blocks) {
      for (const m of manifests) {
        if (missingNodes(diagram, [m]).length === 0) {
          missing.delete(`${m.kind} ${m.metadata.namespace}/${m.metadata.name}`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  test('synthesis says so: a warning on the chart, printed once', () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const chart = platformChart;
      expect(topologyFileOf(chart, platformManifests)).toBe(pictures.get('platform of 50 applications'));
      expect(topologyFileOf(chart, platformManifests)).toBe(pictures.get('platform of 50 applications'));
      const warning = /^the topology picture is \d+ characters and \d+ edges, above the budget of one Mermaid block \(40000 characters, 400 edges; Mermaid stops at 50,000 and 500\): its file holds an overview of the applications and the flows between them, then one picture per application\.$/;
      const ofChart = Warnings.of(chart).filter((w) => w.startsWith('platform: '));
      expect(ofChart).toHaveLength(1);
      expect(ofChart[0].slice('platform: '.length)).toMatch(warning);
      expect(writes.filter((w) => w.includes('topology picture'))).toEqual([`[cdk8s-appflow] WARNING platform: ${ofChart[0].slice('platform: '.length)}\n`]);
    } finally {
      spy.mockRestore();
    }
    // A chart within the budget: no warning.
    const small = shopLike();
    expect(topologyFileOf(small, small.toJson())).toBeDefined();
    expect(Warnings.of(small).filter((w) => w.includes('topology picture'))).toEqual([]);
  });
});
