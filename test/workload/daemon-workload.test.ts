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

describe('on the node\'s network', () => {
  const onHost = { hostNetwork: true, relax: [SecurityRelaxation.HOST_NETWORK] };

  test('the pods ask the cluster DNS (ClusterFirstWithHostNet), keeping the rest of the DNS given', () => {
    const pod = (props: Partial<DaemonWorkloadProps>) => only(synth(agent(props).chart), 'DaemonSet').spec.template.spec;
    expect(pod(onHost).dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod({ ...onHost, dns: { searches: ['svc.example.com'] } })).toMatchObject({ dnsPolicy: 'ClusterFirstWithHostNet', dnsConfig: { searches: ['svc.example.com'] } });
    // The node's DNS, on purpose.
    expect(pod({ ...onHost, dns: { policy: kplus.DnsPolicy.DEFAULT } }).dnsPolicy).toBe('Default');
    // Off the node's network, Kubernetes' default.
    expect(pod({}).dnsPolicy).toBe('ClusterFirst');
  });

  test('refused: ClusterFirst, which falls back to the node\'s DNS there', () => {
    expect(refusalOf(() => agent({ ...onHost, dns: { policy: kplus.DnsPolicy.CLUSTER_FIRST } })).message).toBe(
      'test/Agent: invalid dns.policy "ClusterFirst": on the node\'s network (hostNetwork) ClusterFirst falls back to the node\'s DNS, which does not '
      + 'resolve the cluster\'s Service names. Expected DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET (the default with hostNetwork), or DnsPolicy.DEFAULT '
      + 'to use the node\'s DNS on purpose.');
  });

  test('refused: a surge when the containers have ports, which the new pod would need beside the old one', () => {
    expect(refusalOf(() => agent({ ...onHost, maxSurge: kplus.PercentOrAbsolute.absolute(1) })).message).toBe(
      'test/Agent: invalid maxSurge 1: the pods are on the node\'s network (hostNetwork), so the new pod of a node would need the port 2020 that '
      + 'the old one holds, and the update would stop on the first node. Expected no maxSurge (one node at a time: maxUnavailable 1, the default), '
      + 'or no hostNetwork.');
    // Without ports, or off the node's network, a surge is fine.
    expect(() => agent({ ...onHost, maxSurge: kplus.PercentOrAbsolute.absolute(1), container: { image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4') } }))
      .not.toThrow();
    expect(() => agent({ maxSurge: kplus.PercentOrAbsolute.absolute(1) })).not.toThrow();
  });

  test('refused: a surge when only a sidecar has a port (a native sidecar, or a sidecar container)', () => {
    for (const version of [KubernetesVersion.V1_33, KubernetesVersion.V1_27]) {
      const app = Testing.app();
      PlatformDefaults.set(app, { kubernetesVersion: version });
      expect(refusalOf(() => agent({
        ...onHost,
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        container: { image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4') },
        sidecars: [{ name: 'exporter', image: ContainerImage.fromReference('prom/node-exporter:v1.8.2'), ports: [{ name: 'metrics', number: 9100 }] }],
      }, new Chart(app, 'test'))).message).toMatch(/^test\/Agent: invalid maxSurge 1: .* would need the port 9100 that the old one holds/);
    }
  });
});
