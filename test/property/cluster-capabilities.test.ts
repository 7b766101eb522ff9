/**
 * Property test of bad input: the platform default `cluster` (ClusterCapabilities) given by an untyped caller, with
 * values of every type and hostile strings. Either the chart synthesizes, or `PlatformDefaults.set` refuses the value
 * with a house error (AppflowInputError naming `platformDefaults.cluster...`), or the synthesis fails on what the chart
 * needs and the cluster lacks, every line of it a house error — never a TypeError. See test/property/harness.ts.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { hostileString, mostly, optional, validName, wrongType } from './arbitraries';
import { propertyParameters, propertyTimeout } from './harness';
import { PlatformDefaults } from '../../src';
import { AppflowInputError } from '../../src/core/errors';

const RUNS = 60;

const list = (item: fc.Arbitrary<any>) => mostly(fc.array(item, { maxLength: 3 }), wrongType);
const names = list(mostly(fc.oneof(validName, fc.constantFrom('nginx', 'shop', 'vault')), fc.oneof(hostileString, wrongType)));
const namespaced = list(mostly(fc.tuple(validName, validName).map(([ns, n]) => `${ns}/${n}`), fc.oneof(hostileString, wrongType)));
const customResources = list(mostly(fc.constantFrom('monitoring.coreos.com/*', 'monitoring.coreos.com/ServiceMonitor', 'keda.sh/ScaledObject'),
  fc.oneof(hostileString, wrongType)));
const flag = mostly(fc.boolean(), wrongType, 6);

const cluster: fc.Arbitrary<any> = mostly(fc.record({
  customResources: optional(customResources),
  namespaces: optional(names),
  ingressClasses: optional(names),
  gateways: optional(namespaced),
  clusterIssuers: optional(names),
  secretStores: optional(namespaced),
  storageClasses: optional(names),
  runsBlackboxExporter: optional(flag),
  runsGrafanaDashboardSidecar: optional(flag),
  ingressclasses: optional(names, 0.05),
}, { requiredKeys: [] }), wrongType, 10);

type Outcome = 'synthesized' | 'refused' | 'missing';

function outcomeOf(value: unknown): Outcome {
  const app = Testing.app();
  try {
    PlatformDefaults.set(app, { cluster: value } as any);
  } catch (e) {
    expect(e).toBeInstanceOf(AppflowInputError);
    expect((e as AppflowInputError).prop).toMatch(/^platformDefaults\.cluster/);
    return 'refused';
  }
  const chart = new Chart(app, 'prop', { namespace: 'shop' });
  new ApiObject(chart, 'web', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'nginx', defaultBackend: { service: { name: 'web', port: { number: 80 } } } } });
  new ApiObject(chart, 'monitor', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web' }, spec: { selector: {}, endpoints: [{ port: 'http' }] } });
  try {
    Testing.synth(chart);
    return 'synthesized';
  } catch (e) {
    const [head, ...lines] = (e as Error).message.split('\n');
    expect(head).toEqual('Validation failed with the following errors:');
    for (const line of lines) {
      expect(line).toMatch(/^ {2}\[\] prop\/(web|monitor): invalid (spec\.ingressClassName|metadata\.namespace|apiVersion) "[^"]+": the cluster .+\. Expected .+\.$/);
    }
    return 'missing';
  }
}

test('the platform default cluster from an untyped caller: synthesized, refused with a house error, or the missing prerequisites', () => {
  const counts: Record<Outcome, number> = { synthesized: 0, refused: 0, missing: 0 };
  fc.assert(fc.property(cluster, (value) => {
    counts[outcomeOf(value)]++;
  }), propertyParameters(RUNS));
  expect(counts.synthesized).toBeGreaterThan(0);
  expect(counts.refused).toBeGreaterThan(0);
  expect(counts.missing).toBeGreaterThan(0);
}, propertyTimeout(RUNS));
