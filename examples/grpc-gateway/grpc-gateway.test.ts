import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { GrpcGatewayChart } from './chart';
// In a project of your own: 'cdk8s-appflow/lib/src/plugin' (docs/validation.md, "In tests").
import { checkManifests, parseProperties } from '../../src/plugin';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function synth() {
  const chart = new GrpcGatewayChart(Testing.app(), 'grpc-gateway');
  const manifests = Testing.synth(chart);
  const only = (kind: string, name: string) => {
    const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { chart, manifests, only };
}

test('the orders service, its gRPC route, and what monitors it', () => {
  const { manifests } = synth();
  expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
    'ConfigMap/orders-dashboard', 'Deployment/orders', 'GRPCRoute/orders', 'Namespace/orders', 'PodDisruptionBudget/orders',
    'PrometheusRule/orders-alerts', 'Service/orders', 'ServiceMonitor/orders',
  ]);
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
});

test('gRPC health probes on the gRPC port, which the Service marks as HTTP/2 without TLS', () => {
  const { only } = synth();
  const container = only('Deployment', 'orders').spec.template.spec.containers[0];
  expect(container.readinessProbe.grpc).toEqual({ port: 9000 });
  expect(container.startupProbe).toMatchObject({ grpc: { port: 9000 }, periodSeconds: 2, failureThreshold: 30 });
  expect(container.livenessProbe).toBeUndefined();
  expect(only('Service', 'orders').spec.ports[0]).toEqual({ name: 'grpc', port: 9000, targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' });
});

test('the GRPCRoute: the shop.v1.Orders calls of grpc.example.com to the gRPC port, through the platform\'s Gateway', () => {
  const { chart, only } = synth();
  const route = only('GRPCRoute', 'orders');
  expect(route.spec).toEqual({
    parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'grpc' }],
    hostnames: ['grpc.example.com'],
    rules: [{
      matches: [{ method: { type: 'Exact', service: 'shop.v1.Orders' } }],
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-internal-user'] } }],
      backendRefs: [{ name: 'orders', port: 9000 }],
    }],
  });
  expect(route.metadata.labels['app.kubernetes.io/name']).toBe('orders');
  expect(chart.route.urls).toEqual(['https://grpc.example.com/']);
  expect(chart.route.applicationName).toBe('orders');
});

test('works when applied: the validation plugin, with the settings of the root cdk8s.yaml, finds nothing', () => {
  const config = YAML.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf-8'));
  const options = parseProperties(config.validations[0].properties);
  const { manifests } = synth();
  const result = checkManifests([{ file: 'grpc-gateway.k8s.yaml', documents: manifests }], options);
  expect(result.findings.map((f) => `${f.severity} ${f.rule} ${f.resource.kind} ${f.resource.namespace}/${f.resource.name} ${f.path}: ${f.message}`)).toEqual([]);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new GrpcGatewayChart(Testing.app(), 'grpc-gateway'))).toMatchSnapshot();
});
