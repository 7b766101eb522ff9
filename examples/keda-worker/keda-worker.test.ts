import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { KedaWorkerChart } from './chart';
// In a project of your own: 'cdk8s-appflow/lib/src/plugin' (docs/validation.md, "In tests").
import { checkManifests, parseProperties } from '../../src/plugin';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function synth() {
  const chart = new KedaWorkerChart(Testing.app(), 'keda-worker');
  const manifests = Testing.synth(chart);
  const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
  return { chart, manifests, find };
}

test('the objects: the Namespace first, the ExternalSecret, the TriggerAuthentication, the worker and its ScaledObject; no HPA, no Service', () => {
  const { manifests } = synth();
  expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
    'Namespace/keda-worker',
    'ExternalSecret/orders-rabbitmq',
    'TriggerAuthentication/orders-rabbitmq',
    'Deployment/orders-worker',
    'ScaledObject/orders-worker',
  ]);
});

test('KEDA scales the worker from 0 to 30 replicas, one per 20 messages of the orders queue; the Deployment has no replicas', () => {
  const { find } = synth();
  expect(find('Deployment', 'orders-worker').spec.replicas).toBeUndefined();
  expect(find('ScaledObject', 'orders-worker').spec).toEqual({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders-worker' },
    minReplicaCount: 0,
    maxReplicaCount: 30,
    pollingInterval: 30,
    cooldownPeriod: 300,
    triggers: [{
      type: 'rabbitmq',
      metadata: { protocol: 'auto', mode: 'QueueLength', value: '20', queueName: 'orders' },
      authenticationRef: { name: 'orders-rabbitmq' },
    }],
  });
});

test('the connection string comes from Vault, to the pods and to KEDA, and is never in the manifests', () => {
  const { manifests, find } = synth();
  expect(find('ExternalSecret', 'orders-rabbitmq').spec.data).toEqual([{ secretKey: 'url', remoteRef: { key: 'shop/rabbitmq', property: 'url' } }]);
  expect(find('TriggerAuthentication', 'orders-rabbitmq').spec).toEqual({ secretTargetRef: [{ parameter: 'host', name: 'orders-rabbitmq', key: 'url' }] });
  expect(find('Deployment', 'orders-worker').spec.template.spec.containers[0].env).toEqual([
    { name: 'RABBITMQ_URL', valueFrom: { secretKeyRef: { name: 'orders-rabbitmq', key: 'url' } } },
  ]);
  expect(JSON.stringify(manifests)).not.toMatch(/amqps?:\/\//);
});

test('every pod meets the restricted profile, which the Namespace enforces; a stopped pod has 60 seconds to finish its message', () => {
  const { manifests, find } = synth();
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
  expect(find('Namespace', 'keda-worker').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  expect(find('Deployment', 'orders-worker').spec.template.spec.terminationGracePeriodSeconds).toBe(60);
});

test('works when applied: the validation plugin, with the settings of the root cdk8s.yaml, finds nothing', () => {
  const config = YAML.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf-8'));
  const { manifests } = synth();
  const result = checkManifests([{ file: 'keda-worker.k8s.yaml', documents: manifests }], parseProperties(config.validations[0].properties));
  expect(result.findings.map((f) => `${f.severity} ${f.rule} ${f.resource.kind} ${f.resource.name} ${f.path}: ${f.message}`)).toEqual([]);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new KedaWorkerChart(Testing.app(), 'keda-worker'))).toMatchSnapshot();
});
