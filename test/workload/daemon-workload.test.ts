import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, ContainerImage, DaemonWorkload, DaemonWorkloadProps, KubernetesVersion, PlatformDefaults, SecurityRelaxation } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

function agent(props: Partial<DaemonWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'log-agent', version: '3.0.4', component: 'logging' });
  const daemon = new DaemonWorkload(chart, 'Agent', {
    identity,
    container: {
      image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4'),
      ports: [{ name: 'metrics', number: 2020 }],
      resources: { cpuRequest: kplus.Cpu.millis(50), memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(128) },
    },
    ...props,
  });
  return { chart, identity, daemon };
}

test('a log agent on every node: tolerates all taints, updates one node at a time', () => {
  const { chart, identity } = agent({ tolerateAllTaints: true, minReady: Duration.seconds(5) });
  const ds = only(synth(chart), 'DaemonSet');
  expect(ds.spec).toMatchObject({
    minReadySeconds: 5,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    selector: { matchLabels: identity.selectorLabels },
  });
  expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  expect(ds.spec.template.spec.hostNetwork).toBe(false);
  expect(yamlOf(chart)).toMatchSnapshot();
});

test('a surge update (the daemon must not stop)', () => {
  const { chart } = agent({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0), maxSurge: kplus.PercentOrAbsolute.percent(10) });
  expect(only(synth(chart), 'DaemonSet').spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: '10%' });
});

test('a surge alone: maxUnavailable becomes 0, as the API server requires with a surge', () => {
  const { chart } = agent({ maxSurge: kplus.PercentOrAbsolute.absolute(1) });
  expect(only(synth(chart), 'DaemonSet').spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
});

test('refused: a surge and unavailable nodes together (the API server refuses the DaemonSet)', () => {
  expect(refusalOf(() => agent({ maxSurge: kplus.PercentOrAbsolute.percent(10), maxUnavailable: kplus.PercentOrAbsolute.absolute(1) })).message).toBe(
    'test/Agent: invalid maxSurge "10%": maxUnavailable is 1 too, and the API server refuses a DaemonSet whose maxSurge and maxUnavailable are both '
    + 'above zero. Expected a maxSurge with maxUnavailable 0 (the default when maxSurge is given), or no maxSurge.');
});

test('host network only by explicit opt-in, named in the pod', () => {
  expect(() => agent({ hostNetwork: true })).toThrow(
    'test/Agent: invalid hostNetwork true: the node\'s network namespace breaks the restricted profile. Expected hostNetwork with `relax: [SecurityRelaxation.HOST_NETWORK]` (an explicit opt-in), or no hostNetwork.',
  );
  const { chart } = agent({ hostNetwork: true, relax: [SecurityRelaxation.HOST_NETWORK] });
  const pod = only(synth(chart), 'DaemonSet').spec.template;
  expect(pod.spec.hostNetwork).toBe(true);
  expect(pod.metadata.annotations['cdk8s-appflow/security-relaxations']).toBe('host-network');
});

test('refused: an update that can neither add nor remove a pod', () => {
  expect(() => agent({ maxUnavailable: kplus.PercentOrAbsolute.percent(0), maxSurge: kplus.PercentOrAbsolute.absolute(0) }))
    .toThrow(/invalid maxUnavailable "0%": maxSurge is 0 too, so an update could neither add a pod nor remove one/);
});

test('a user namespace does not go with the node\'s network', () => {
  const app = Testing.app();
  PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_33 });
  expect(() => agent({ hostNetwork: true, relax: [SecurityRelaxation.HOST_NETWORK], userNamespace: true }, new Chart(app, 'test'))).toThrow(
    'test/Agent: invalid userNamespace true: the pods use the node\'s network (hostNetwork), which a pod in a user namespace cannot. '
    + 'Expected userNamespace or hostNetwork, not both.');
  const { chart } = agent({ userNamespace: true }, new Chart(app, 'other'));
  expect(only(synth(chart), 'DaemonSet').spec.template.spec.hostUsers).toBe(false);
});
