/**
 * The bench compares like with like: this library's WebService (a), the same applications written by hand with
 * cdk8s-plus-34 and the L1 classes (b), and plain literals (c) make the same manifests — the same files, each with
 * the same set of objects, each object equal — in one chart and in one chart per application. (The bench checks
 * the files of its measured runs too.) Every chart synthesized here also goes through the strict validator.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildAppflow } from '../../bench/apps/appflow';
import { buildHandWritten } from '../../bench/apps/handwritten';
import { buildLiterals, loadLiteralApp, literalInputs, writeLiterals } from '../../bench/apps/literals';
import { appName, Layout, LAYOUTS } from '../../bench/apps/params';
import { compareObjects, compareOutputs, manifestFiles, parseManifests } from '../../bench/compare';
import { checkFairness, FairnessResult, writeLiteralModule } from '../../bench/fairness';
import { AppSynthesis } from '../../src';

const KINDS = ['Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'PrometheusRule', 'Service', 'ServiceMonitor'];

let dir: string;
let literalModule: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-bench-fairness-'));
  literalModule = writeLiteralModule(dir);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(LAYOUTS)('with N = 2, %s', (layout: Layout) => {
  let result: FairnessResult;
  beforeAll(() => {
    result = checkFairness(2, layout, dir, loadLiteralApp(literalModule));
  });

  test('(a), (b) and (c) make the same manifests, and AppSynthesis.synth the same as app.synth()', () => {
    expect(result.aVersusB.diffs).toEqual([]);
    expect(result.aVersusC.diffs).toEqual([]);
    expect(result.linearVersusAppSynth.diffs).toEqual([]);
    expect(result.aVersusB.objects).toBe(16);
    expect(result.aVersusB.files).toBe(layout === 'one-chart' ? 1 : 2);
    // The literals are (a)'s objects in (a)'s order: the same bytes.
    expect(result.aVersusC.identicalFiles).toBe(result.aVersusC.files);
  });

  test('each application is exactly the 8 objects of the bench', () => {
    const outdir = path.join(dir, `${layout}-2-a`);
    const objects = manifestFiles(outdir).flatMap((f) => parseManifests(fs.readFileSync(path.join(outdir, f), 'utf8')));
    for (const name of [appName(0), appName(1)]) {
      const mine = objects.filter((o) => o.metadata.name === name || o.metadata.name.startsWith(`${name}-`));
      expect(mine.map((o) => o.kind).sort()).toEqual(KINDS);
    }
  });
});

test('the check sees a difference', () => {
  const a = new App({ outdir: path.join(dir, 'diff-a') });
  buildAppflow(a, 1, 'one-chart');
  a.synth();
  const b = new App({ outdir: path.join(dir, 'diff-b') });
  buildHandWritten(b, 2, 'one-chart');
  b.synth();
  const diffs = compareOutputs(a.outdir, b.outdir).diffs;
  expect(diffs.length).toBe(8);
  expect(diffs.every((d) => d.includes('only in the second'))).toBe(true);

  const [deployment] = parseManifests(fs.readFileSync(path.join(a.outdir, 'apps.k8s.yaml'), 'utf8'));
  const changed = JSON.parse(JSON.stringify(deployment));
  changed.spec.template.spec.containers[0].readinessProbe.httpGet.port = 8080;
  expect(compareObjects([deployment], [changed])).toEqual([expect.stringContaining('Deployment apps/web-00000: differs')]);
  expect(compareObjects([deployment], [deployment, deployment])).toEqual([expect.stringContaining('twice in the second')]);
});

test('the literals of another application have its name, alert names and pod address label', () => {
  const app = new App({ outdir: path.join(dir, 'other') });
  buildAppflow(app, 3, 'chart-per-app');
  app.synth();
  const c = path.join(dir, 'other-c');
  const inputs = [0, 1, 2].map((i) => literalInputs(i, 'chart-per-app'));
  writeLiterals(c, buildLiterals(loadLiteralApp(literalModule), 3, 'chart-per-app', inputs));
  expect(compareOutputs(app.outdir, c).diffs).toEqual([]);
  expect(fs.readFileSync(path.join(c, `${appName(2)}.k8s.yaml`), 'utf8')).toContain('alert: Web00002PodRestarting');
});

test('(a) writes only the manifests; with its side files on (variant (d)) the same manifests, its topology pictures, prerequisites and URL files', () => {
  const a = new App({ outdir: path.join(dir, 'side-a') });
  buildAppflow(a, 2, 'chart-per-app');
  a.synth();
  const d = new App({ outdir: path.join(dir, 'side-d') });
  buildAppflow(d, 2, 'chart-per-app', { sideFiles: true });
  AppSynthesis.synth(d);
  const files = (root: string) => (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
  expect(files(a.outdir)).toEqual([`${appName(0)}.k8s.yaml`, `${appName(1)}.k8s.yaml`]);
  expect(files(d.outdir)).toEqual([`${appName(0)}.k8s.yaml`, `${appName(1)}.k8s.yaml`]);
  expect(files(`${d.outdir}-side-files`)).toEqual([
    path.join('urls', `${appName(0)}.txt`), path.join('urls', `${appName(1)}.txt`),
    `${appName(0)}.prerequisites.md`, `${appName(0)}.topology.md`, `${appName(1)}.prerequisites.md`, `${appName(1)}.topology.md`,
  ]);
  expect(compareOutputs(a.outdir, d.outdir).diffs).toEqual([]);
  expect(fs.readFileSync(path.join(`${d.outdir}-side-files`, 'urls', `${appName(1)}.txt`), 'utf8')).toBe(`https://${appName(1)}.apps.example.com/\n`);
});
