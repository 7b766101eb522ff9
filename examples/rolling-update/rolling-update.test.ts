import { Testing } from 'cdk8s';
import { RollingUpdateChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function deploymentOf(manifests: any[]): any {
  const found = manifests.filter((m) => m.kind === 'Deployment');
  expect(found).toHaveLength(1);
  return found[0];
}

test('10 replicas rolled one pod at a time, each ready for 10 seconds, with the rollback history kept', () => {
  const manifests = Testing.synth(new RollingUpdateChart(Testing.app(), 'rolling-update'));
  const deployment = deploymentOf(manifests);
  expect(deployment.metadata).toMatchObject({ name: 'hello-deploy', namespace: 'rollout' });
  expect(deployment.spec).toMatchObject({
    replicas: 10,
    minReadySeconds: 10,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    revisionHistoryLimit: 5,
    progressDeadlineSeconds: 300,
  });
  const nginx = deployment.spec.template.spec.containers[0];
  expect(nginx.image).toBe('nginx:1.14.0-alpine');
  expect(nginx.ports).toEqual([{ containerPort: 80, name: 'http' }]);
  expect(nginx.readinessProbe).toEqual({ httpGet: { path: '/', port: 'http' } });
  const service = manifests.find((m) => m.kind === 'Service');
  expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
});

test('the stock nginx image runs as root on purpose: the pods meet the baseline profile, and break only the restricted rules they relax', () => {
  const manifests = Testing.synth(new RollingUpdateChart(Testing.app(), 'rolling-update'));
  const pod = deploymentOf(manifests).spec.template;
  expect(pod.metadata.annotations).toMatchObject({
    'cdk8s-appflow/security-profile': 'restricted',
    'cdk8s-appflow/security-relaxations': 'default-capabilities,run-as-root,writable-root-filesystem',
  });
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.BASELINE)).toEqual([]);
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED).map((p) => `${p.rule} ${p.path}`)).toEqual([
    'restricted/run-as-non-root spec.template.spec.securityContext.runAsNonRoot',
    'restricted/run-as-non-root spec.template.spec.containers[0].securityContext.runAsNonRoot',
    'restricted/capabilities spec.template.spec.containers[0].securityContext.capabilities.drop',
  ]);
  // What it keeps of the restricted profile.
  expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  expect(pod.spec.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false });
});

test('a new version is a new image tag: the pod template changes, the selector does not, so the Deployment rolls', () => {
  const before = deploymentOf(Testing.synth(new RollingUpdateChart(Testing.app(), 'rolling-update')));
  const after = deploymentOf(Testing.synth(new RollingUpdateChart(Testing.app(), 'rolling-update', { version: '1.15.0' })));
  expect(after.spec.template.spec.containers[0].image).toBe('nginx:1.15.0-alpine');
  expect(after.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.15.0');
  expect(after.spec.selector).toEqual(before.spec.selector);
  const { template: beforeTemplate, ...beforeSpec } = before.spec;
  const { template: afterTemplate, ...afterSpec } = after.spec;
  expect(afterSpec).toEqual(beforeSpec);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new RollingUpdateChart(Testing.app(), 'rolling-update'))).toMatchSnapshot();
});
