/**
 * The works-when-applied rules of the validation plugin run by the real `cdk8s synth`, one class of mistake at a
 * time: each class is a chart (and a namespace) of its own, named after it, in test/plugin/fixtures/works-when-applied/
 * (`<class>.ts`). The classes that are errors share one fixture app (`errors/`: the synth fails, exit code 2), the
 * class that is a warning has one of its own (`warning-only/`: the synth passes), so that the test runs two syntheses
 * rather than ten. Each class must yield exactly its finding — rule, severity, object, place — and nothing else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cdk8sSynth, Synth } from './cdk8s-cli';

const FIXTURES = path.join(__dirname, 'fixtures', 'works-when-applied');

/** One location of a finding in the report. */
interface Occurrence {
  /** `[error] flow/ingress Ingress flow-ingress/web: spec.rules[0].http.paths[0].backend` */
  readonly where: string;
  /** The namespace of the object: the class of the mistake. */
  readonly namespace: string;
  /** What is wrong and how to fix it. */
  readonly text: string;
}

const temps: string[] = [];
afterAll(() => {
  for (const temp of temps) {
    fs.rmSync(temp, { recursive: true, force: true });
  }
});

function synth(fixture: string): Synth {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-works-when-applied-'));
  temps.push(temp);
  return cdk8sSynth(path.join(FIXTURES, fixture), temp);
}

function occurrences(report: any): Occurrence[] {
  return report.violations.flatMap((v: any) => v.violatingConstructs.flatMap((c: any) => c.locations.map((l: string) => {
    const at = l.indexOf(': ');
    return {
      where: `${v.ruleName} ${c.resourceName}: ${l.slice(0, at)}`,
      namespace: /^\S+ ([^/]+)\//.exec(c.resourceName)?.[1] ?? '',
      text: l.slice(at + 2),
    };
  })));
}

/** Per class (its namespace): the occurrences it must yield, exactly, and what their messages say. */
const ERRORS: Array<[string, string[], RegExp]> = [
  ['clash', ['[error] object-unique ConfigMap clash/settings: metadata.name'],
    /^ConfigMap clash\/settings is written twice, differently: by shop-admin\/Settings \(.*shop-admin\.k8s\.yaml#0\) and by .*shop\.k8s\.yaml#0; on the cluster they are one object/],
  ['flow-ingress', ['[error] flow/ingress Ingress flow-ingress/web: spec.rules[0].http.paths[0].backend'],
    /^traffic of Ingress flow-ingress\/web \(host shop\.example\.com\) to Service flow-ingress\/web: the ingress controller \(namespace ingress-nginx\) cannot reach the pods of Deployment flow-ingress\/web on port 8080 \(http\)\/TCP, blocked by NetworkPolicy flow-ingress\/web/],
  ['flow-prometheus', ['[error] flow/prometheus ServiceMonitor flow-prometheus/web: spec.endpoints[0]'],
    /^scraping of ServiceMonitor flow-prometheus\/web \(Service flow-prometheus\/web port metrics\): Prometheus \(namespace monitoring\) cannot reach the pods of Deployment flow-prometheus\/web on port 9090 \(metrics\)\/TCP, blocked by NetworkPolicy flow-prometheus\/web/],
  ['flow-blackbox', ['[error] flow/blackbox Probe flow-blackbox/mysql: spec.targets.staticConfig.static[0]'],
    /^black-box probe of mysql\.flow-blackbox\.svc\.cluster\.local:3306: the blackbox exporter \(namespace monitoring\) cannot reach the pods of Deployment flow-blackbox\/mysql on port 3306 \(mysql\)\/TCP, blocked by NetworkPolicy flow-blackbox\/mysql/],
  ['flow-connection', ['[error] flow/connection Deployment flow-connection/api: spec.template.spec.containers[0].env[0]'],
    /^the connection of DB_HOST to Service flow-connection\/postgres port postgres: the pods of Deployment flow-connection\/api cannot reach the pods of Deployment flow-connection\/postgres on port 5432 \(postgres\)\/TCP, blocked by NetworkPolicy flow-connection\/postgres/],
  ['address-resolves', ['[error] address-resolves Deployment address-resolves/web: spec.template.spec.containers[0].env[0].value'],
    /^CACHE_HOST names the Service address-resolves\/cache, which is not in the manifests, though its namespace address-resolves is: the name does not resolve \(fix: correct the address \(a Service of namespace address-resolves is one of: redis, web\)/],
  ['probe-module', ['[error] probe-module Probe probe-module/mysql: spec.targets.staticConfig.static[0]'],
    /^the module "http_2xx" probes HTTP "http:\/\/mysql\.probe-module\.svc\.cluster\.local:3306\/" with the HTTP prober, but port 3306 of Service probe-module\/mysql speaks MySQL \(its name "mysql"\)/],
  ['alert-matches', ['[error] alert-matches PrometheusRule alert-matches/web-alerts: spec.groups[0].rules[0].expr'],
    /^alert "WebPodRestarting": the selector kube_pod_container_status_restarts_total\{namespace="alert-matches", pod=~"web-\[0-9\]\+"\} matches no pod of namespace alert-matches \(its pods are named like web-7d9f8b6c5d-x2x4z \(Deployment web\)\)/],
  ['job-completes', ['[error] job-completes Job job-completes/report: spec.template.spec.containers'],
    /^the Job's pod runs 2 containers \(report, proxy\): it completes only when every one has exited, and proxy is a sidecar that is not declared to exit on its own/],
];

describe('the classes that are errors: `cdk8s synth` fails', () => {
  let result: Synth;
  beforeAll(() => {
    result = synth('errors');
  });

  test('exit code 2, one error per class, nothing else', () => {
    expect(result.stderr).toContain('Validation failed. See above reports for details');
    expect(result.status).toBe(2);
    expect(result.report.summary).toMatchObject({ status: 'failure', metadata: { Errors: String(ERRORS.length), Warnings: '0', Exempted: '0' } });
    const found = occurrences(result.report);
    expect(found.map((o) => o.where).sort()).toEqual(ERRORS.flatMap(([, expected]) => expected).sort());
  });

  test.each(ERRORS)('%s: exactly its finding', (namespace, expected, message) => {
    const found = occurrences(result.report).filter((o) => o.namespace === namespace);
    expect(found.map((o) => o.where)).toEqual(expected);
    for (const o of found) {
      expect(o.text).toMatch(message);
      expect(o.text).toMatch(/\(fix: .+\)$/s);
    }
  });
});

describe('the class that is a warning: `cdk8s synth` reports it and passes', () => {
  test('version-label: a canary track labelled with the stable version, at both places of the label', () => {
    const result = synth('warning-only');
    expect(result.stderr).not.toMatch(/Validation failed/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Validations ended succesfully');
    expect(result.report.summary).toMatchObject({ status: 'success', metadata: { 'Fails on': 'errors', 'Errors': '0', 'Warnings': '2', 'Exempted': '0' } });
    const found = occurrences(result.report);
    expect(found.map((o) => o.where)).toEqual([
      '[warning] version-label Deployment version-label/web-canary: metadata.labels["app.kubernetes.io/version"]',
      '[warning] version-label Deployment version-label/web-canary: spec.template.metadata.labels["app.kubernetes.io/version"]',
    ]);
    for (const o of found) {
      expect(o.text).toMatch(/^app\.kubernetes\.io\/version is "2\.3\.1", but no container runs that version: web runs registry\.example\.com\/web:2\.4\.0-rc1 \(fix: set app\.kubernetes\.io\/version to the version of the image that the workload runs \("2\.4\.0-rc1"/);
    }
  });
});
