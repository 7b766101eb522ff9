/**
 * What a web application costs in constructs: cdk8s' `app.synth()` walks every construct of the app once per chart
 * (validation, dependencies), so with a chart per application its time grows with charts × constructs. The bench's
 * application of this library (bench/apps/appflow.ts) against the same objects written by hand with cdk8s-plus and
 * the L1 classes (bench/apps/handwritten.ts): at most 1.5× as many constructs per application (issue 25).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { buildAppflow } from '../../bench/apps/appflow';
import { buildHandWritten } from '../../bench/apps/handwritten';
import { appName } from '../../bench/apps/params';

const N = 10;

function constructsOf(build: (app: App) => void): IConstruct[] {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-constructs-')) });
  try {
    build(app);
    return app.node.findAll();
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

test('a web application of the bench makes at most 1.5x the constructs of the same objects written by hand', () => {
  const library = constructsOf((app) => buildAppflow(app, N, 'chart-per-app')).length;
  const handWritten = constructsOf((app) => buildHandWritten(app, N, 'chart-per-app')).length;
  // Per application, its chart included (the App is the one construct more): 27 against 20 when this test was written.
  const perApp = (library - 1) / N;
  const perAppByHand = (handWritten - 1) / N;
  expect(perApp).toBeLessThanOrEqual(1.5 * perAppByHand);
});

test('the constructs of one web application: each holds an object, or is reachable as a property', () => {
  const all = constructsOf((app) => buildAppflow(app, 1, 'chart-per-app'));
  const prefix = `${appName(0)}/${appName(0)}`;
  const paths = all.map((c) => c.node.path).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length) || '.');
  expect(paths).toEqual([
    '.', // WebService
    '/Identity', // AppIdentity: webService.identity (and what marks the chart as an application's for its topology picture)
    '/Release', // ReleasedWorkload, and the path of the Deployment (its pod label cdk8s.io/metadata.addr)
    '/Release/Workload', // webService.workload
    '/Release/Workload/Tmp', // the cdk8s-plus Volume of /tmp
    '/Release/Workload/Resource', // the cdk8s-plus Deployment
    '/Release/Workload/Resource/Resource',
    '/Release/Workload/Autoscaler', // the cdk8s-plus HorizontalPodAutoscaler
    '/Release/Workload/Autoscaler/Resource',
    '/Release/Workload/DisruptionBudget',
    '/Release/Workload/Volume-uploads', // the cdk8s-plus Volume of the claim
    '/Release/Service', // webService.service
    '/Release/Service/Resource',
    '/Release/Service/Resource/Resource',
    '/Publication', // webService.publication
    '/Publication/Ingress',
    '/Publication/Ingress/Resource',
    '/Publication/Ingress/Resource/Resource',
    // no /Publication/Ingress/TlsSecret: cdk8s-plus reads only the Secret's name, its reference is out of the tree
    '/Claim-uploads', // webService.claims[0]
    '/Claim-uploads/Resource',
    '/Claim-uploads/Resource/Resource',
    '/Monitoring', // webService.monitoring
    '/Monitoring/Metrics',
    '/Monitoring/Metrics/Resource',
    '/Monitoring/Alerts',
    '/Monitoring/Alerts/Resource',
  ]);
});
