/**
 * The plugin's cluster-prerequisites rule: with the capabilities of its `cluster` property, one finding per object that
 * needs what the cluster lacks (the check of the platform default `cluster`, core/cluster-prerequisites.ts).
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { checkCharts, checkManifests, parseProperties, RULES } from '../../src/plugin';

const ingress = (name: string, className: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'shop' },
  spec: { ingressClassName: className, defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
});
const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: {}, endpoints: [] } };

function findings(documents: unknown[][], properties: unknown) {
  const options = parseProperties(properties);
  return checkManifests(documents.map((d, i) => ({ file: `${i}.k8s.yaml`, documents: d })), options).findings.filter((f) => f.rule === 'cluster-prerequisites');
}

test('the rule: an error of its own family', () => {
  expect(RULES.filter((r) => r.id === 'cluster-prerequisites').map((r) => `${r.family} ${r.severity}`)).toEqual(['cluster error']);
});

test('one finding per object that needs what the declared cluster lacks, with the fix', () => {
  const found = findings([[ingress('web', 'nginx'), ingress('api', 'nginx'), monitor]], { cluster: { ingressClasses: ['traefik'], customResources: ['monitoring.coreos.com/*'] } });
  expect(found.map((f) => [`${f.resource.kind} ${f.resource.name}`, f.path, f.message, f.fix])).toEqual(['web', 'api'].map((name) => [
    `Ingress ${name}`, 'spec.ingressClassName',
    `Ingress shop/${name} has spec.ingressClassName "nginx", but the cluster has no IngressClass "nginx": it is not in properties.cluster.ingressClasses ("traefik")`,
    'expected one of properties.cluster.ingressClasses, an IngressClass that the app makes, or "nginx" added to properties.cluster.ingressClasses once the cluster has it',
  ]));
});

test('no finding without declared capabilities, for fields left out, or for what another file makes', () => {
  expect(findings([[ingress('web', 'nginx'), monitor]], {})).toEqual([]);
  expect(findings([[ingress('web', 'nginx'), monitor]], { cluster: { ingressController: { namespace: 'ingress-nginx' } } })).toEqual([]);
  expect(findings([[ingress('web', 'nginx'), monitor]], { cluster: { storageClasses: ['standard'] } })).toEqual([]);
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
  expect(findings([[namespace], [ingress('web', 'nginx')]], { cluster: { namespaces: [] } })).toEqual([]);
  expect(findings([[ingress('web', 'nginx')]], { cluster: { namespaces: [] } }).map((f) => f.message)).toEqual([
    'Ingress shop/web has metadata.namespace "shop", but the cluster has no Namespace "shop": it is not in properties.cluster.namespaces (none)',
  ]);
});

test('the capabilities sit in the cluster property beside the components', () => {
  const components = { ingressController: { namespace: 'ingress-nginx' }, prometheus: { namespace: 'monitoring' }, blackboxExporter: { namespace: 'monitoring' } };
  expect(parseProperties({ cluster: { ...components, ingressClasses: ['nginx'], runsBlackboxExporter: true } })).toEqual({
    cluster: components,
    clusterCapabilities: { ingressClasses: ['nginx'], runsBlackboxExporter: true },
  });
});

test.each([
  [{ cluster: { ingressClasses: 'nginx' } }, 'cdk8s.yaml validations (class AppflowValidation): invalid properties.cluster.ingressClasses "nginx": it is not a list. '
    + 'Expected a list of IngressClass names, e.g. ["standard"].'],
  [{ cluster: { customResources: ['monitoring.coreos.com/servicemonitor'] } }, 'cdk8s.yaml validations (class AppflowValidation): invalid '
    + 'properties.cluster.customResources[0] "monitoring.coreos.com/servicemonitor": it is not "<group>/<Kind>" or "<group>/*" (a group with a dot, a kind in '
    + 'UpperCamelCase). Expected a list of "<group>/<Kind>" or "<group>/*", e.g. ["monitoring.coreos.com/ServiceMonitor", "keda.sh/*"].'],
  [{ cluster: { runsGrafanaDashboardSidecar: 'yes' } }, 'cdk8s.yaml validations (class AppflowValidation): invalid properties.cluster.runsGrafanaDashboardSidecar "yes": '
    + 'it is not a boolean. Expected true (the cluster runs it), false (it does not), or no value (unknown: not checked).'],
])('%j is refused', (properties, message) => {
  expect(() => parseProperties(properties)).toThrow(message);
});

test('checkCharts takes the capabilities (a chart\'s own platform default cluster is checked when it synthesizes)', () => {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  new ApiObject(chart, 'web', ingress('web', 'nginx'));
  const found = (ingressClasses: string[]) => checkCharts([chart], { clusterCapabilities: { ingressClasses } }).findings.filter((f) => f.rule === 'cluster-prerequisites');
  expect(found(['traefik']).map((f) => `${f.constructPath} ${f.path}`)).toEqual(['shop/web spec.ingressClassName']);
  expect(found(['nginx'])).toEqual([]);
});
