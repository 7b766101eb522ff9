import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, AppIngress, AppRoute, BlueGreenTrack, CanaryTraffic, ContainerImage, IngressController, ManifestYaml, PlatformDefaults,
  ReleaseStrategy, ReleasedWorkload, ReleasedWorkloadProps, ScalingTrigger, ServiceExposure, Warnings,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const V1 = ContainerImage.fromReference('registry.example.com/foo:1.0.0');
const V2 = ContainerImage.fromReference('registry.example.com/foo:1.1.0');

const CONTAINER = {
  image: V1,
  ports: [{ name: 'http', number: 8080 }],
  resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) },
};

function foo(release: ReleaseStrategy, props: Partial<ReleasedWorkloadProps> = {}, app: App = Testing.app()) {
  const chart = new Chart(app, 'foo', { namespace: 'foo' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'foo', partOf: 'demo' });
  const released = new ReleasedWorkload(chart, 'Foo', {
    identity,
    release,
    replicas: 2,
    container: CONTAINER,
    servicePorts: [{ name: 'http', port: 80 }],
    ...props,
  });
  return { chart, identity, released, manifests: () => synth(chart) };
}

const byName = (manifests: any[], kind: string, name: string) => only(manifests, kind, name);

describe('rolling', () => {
  test('one Deployment and its Service', () => {
    const { manifests, released } = foo(ReleaseStrategy.rolling());
    const m = manifests();
    expect(m.filter((x) => x.kind === 'Deployment').map((x) => x.metadata.name)).toEqual(['foo']);
    expect(byName(m, 'Service', 'foo').spec.selector).toEqual(released.tracks.main.identity.selectorLabels);
  });
});

test('the application\'s Service on the nodes\' ports; the preview Service stays in the cluster', () => {
  const release = ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, greenImage: V2 });
  const { manifests } = foo(release, { serviceExposure: ServiceExposure.nodePort() });
  const m = manifests();
  expect(byName(m, 'Service', 'foo').spec.type).toBe('NodePort');
  expect(byName(m, 'Service', 'foo-preview').spec.type).toBe('ClusterIP');
});

describe('blue/green', () => {
  const blueGreen = (active: BlueGreenTrack) => foo(ReleaseStrategy.blueGreen({ active, greenImage: V2 }));

  test('with autoscaling, a warning: the idle track stays at its minimum, and a switch sends it all the traffic', () => {
    const { released } = foo(ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, greenImage: V2 }),
      { replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 20, cpuUtilization: 70 } });
    expect(Warnings.of(released).filter((w) => w.includes('each track scales'))).toEqual(['foo/Foo: each track scales on its own: the idle track, '
      + 'without traffic, runs 2 pods (autoscaling.minReplicas) where the active one may run up to 20, and a switch sends all the traffic to them until its '
      + 'autoscaler scales it up: before a switch, raise autoscaling.minReplicas to the pods the active track runs, and lower it again after']);
    // A fixed number of pods, or an autoscaler that cannot scale (min = max): nothing to warn about.
    expect(Warnings.of(blueGreen(BlueGreenTrack.BLUE).released).filter((w) => w.includes('each track scales'))).toEqual([]);
    const fixed = foo(ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE }),
      { replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 4 } });
    expect(Warnings.of(fixed.released).filter((w) => w.includes('each track scales'))).toEqual([]);
  });

  test('two tracks behind one Service, which selects the active track; the preview Service selects the idle one', () => {
    const { manifests } = blueGreen(BlueGreenTrack.BLUE);
    const m = manifests();
    const blue = byName(m, 'Deployment', 'foo-blue');
    const green = byName(m, 'Deployment', 'foo-green');
    expect(blue.spec.template.spec.containers[0].image).toBe('registry.example.com/foo:1.0.0');
    expect(green.spec.template.spec.containers[0].image).toBe('registry.example.com/foo:1.1.0');
    expect(blue.spec.template.metadata.labels['cdk8s-appflow/track']).toBe('blue');
    expect(byName(m, 'Service', 'foo').spec.selector).toEqual(blue.spec.selector.matchLabels);
    expect(byName(m, 'Service', 'foo-preview').spec.selector).toEqual(green.spec.selector.matchLabels);
  });

  test('snapshots before and after the switch', () => {
    expect(ManifestYaml.ofChart(blueGreen(BlueGreenTrack.BLUE).chart)).toMatchSnapshot('active blue');
    expect(ManifestYaml.ofChart(blueGreen(BlueGreenTrack.GREEN).chart)).toMatchSnapshot('active green');
  });

  test('the switch is a one-field change whose diff touches only the Services\' selectors', () => {
    const before = ManifestYaml.ofChart(blueGreen(BlueGreenTrack.BLUE).chart).split('\n');
    const after = ManifestYaml.ofChart(blueGreen(BlueGreenTrack.GREEN).chart).split('\n');
    expect(after.length).toBe(before.length);
    const changed = before.map((line, i) => ({ i, before: line, after: after[i] })).filter((l) => l.before !== l.after);
    expect(changed.map((c) => `${c.before.trim()} -> ${c.after.trim()}`)).toEqual([
      'cdk8s-appflow/track: blue -> cdk8s-appflow/track: green',
      'cdk8s-appflow/track: green -> cdk8s-appflow/track: blue',
    ]);
    // Both changed lines sit in a Service's spec.selector.
    for (const c of changed) {
      const above = before.slice(0, c.i).reverse();
      expect(above.find((l) => l.startsWith('# '))).toMatch(/^# Service foo\/foo(-preview)? \(v1\)$/);
      expect(above.find((l) => /^ {2}\S/.test(l))).toBe('  selector:');
    }
  });
});

describe('canary at 10%', () => {
  test('by replicas: 9 stable and 1 canary pods behind one Service that selects both tracks', () => {
    const { manifests, identity, chart } = foo(ReleaseStrategy.canary({ image: V2, weight: 10 }), { replicas: 10 });
    const m = manifests();
    expect(byName(m, 'Deployment', 'foo-stable').spec.replicas).toBe(9);
    expect(byName(m, 'Deployment', 'foo-canary').spec.replicas).toBe(1);
    expect(byName(m, 'Deployment', 'foo-canary').spec.template.spec.containers[0].image).toBe('registry.example.com/foo:1.1.0');
    expect(byName(m, 'Service', 'foo').spec.selector).toEqual(identity.selectorLabels);
    expect(m.filter((x) => x.kind === 'Service').map((x) => x.metadata.name)).toEqual(['foo']);
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('by route weight: two Services, an HTTPRoute with weights 90 and 10', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { gateway: { name: 'public', namespace: 'gateways' } });
    const { chart, released } = foo(ReleaseStrategy.canary({ image: V2, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }), {}, app);
    new AppRoute(chart, 'Route', {
      name: 'foo',
      hostnames: ['foo.example.com'],
      rules: [{
        backends: [
          { service: released.service, weight: 100 - released.canaryWeight! },
          { service: released.canaryService!, weight: released.canaryWeight! },
        ],
      }],
    });
    const m = synth(chart);
    expect(byName(m, 'Deployment', 'foo-stable').spec.replicas).toBe(2);
    expect(byName(m, 'Deployment', 'foo-canary').spec.replicas).toBe(2);
    expect(byName(m, 'Service', 'foo').spec.selector['cdk8s-appflow/track']).toBe('stable');
    expect(byName(m, 'Service', 'foo-canary').spec.selector['cdk8s-appflow/track']).toBe('canary');
    expect(only(m, 'HTTPRoute').spec.rules[0].backendRefs).toEqual([
      { name: 'foo', port: 80, weight: 90 }, { name: 'foo-canary', port: 80, weight: 10 },
    ]);
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('by ingress-nginx annotations: a canary Ingress with weight 10', () => {
    const { chart, released } = foo(ReleaseStrategy.canary({ image: V2, weight: 10, traffic: CanaryTraffic.NGINX_ANNOTATIONS }));
    new AppIngress(chart, 'Ingress', {
      name: 'foo',
      controller: IngressController.NGINX,
      rules: [{ host: 'foo.example.com', paths: [{ backend: { service: released.service } }] }],
      nginxCanary: { service: released.canaryService!, weight: released.canaryWeight! },
    });
    const m = synth(chart);
    expect(byName(m, 'Ingress', 'foo-canary').metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('10');
    expect(byName(m, 'Ingress', 'foo-canary').spec.rules[0].http.paths[0].backend.service.name).toBe('foo-canary');
    expect(byName(m, 'Ingress', 'foo').spec.rules[0].http.paths[0].backend.service.name).toBe('foo');
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('a canary by route weight with KEDA: the stable track is scaled by its ScaledObject, the canary runs a fixed number of pods', () => {
    const m = foo(ReleaseStrategy.canary({ image: V2, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }), {
      replicas: undefined, eventScaling: { minReplicas: 2, maxReplicas: 6, triggers: [ScalingTrigger.cpu({ utilization: 70 })] },
    }).manifests();
    expect(m.filter((o: any) => o.kind === 'ScaledObject').map((o: any) => o.spec.scaleTargetRef.name)).toEqual(['foo-stable']);
    expect(byName(m, 'Deployment', 'foo-stable').spec.replicas).toBeUndefined();
    expect(byName(m, 'Deployment', 'foo-canary').spec.replicas).toBe(2);
  });

  test('by weight, a share that puts more on each canary pod than a stable pod carries with all the traffic: a warning', () => {
    const warnings = (weight: number, props: Partial<ReleasedWorkloadProps>, canaryReplicas?: number) =>
      Warnings.of(foo(ReleaseStrategy.canary({ image: V2, weight, traffic: CanaryTraffic.ROUTE_WEIGHT, canaryReplicas }), props).released)
        .filter((w) => w.includes('the canary takes'));
    expect(warnings(100, { replicas: 4 })).toEqual(['foo/Foo: the canary takes 100% of the traffic on 2 pods, where the stable track has 4: give it the stable '
      + 'track\'s capacity (release.canaryReplicas) before a promotion, or promote by putting the canary\'s image in the declared container (weight 0)']);
    expect(warnings(100, { replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 6 } })[0]).toContain('where the stable track has 6 at most');
    // 10% on 2 pods beside 4, or all of it on as many pods as the stable track has: fine.
    expect(warnings(10, { replicas: 4 })).toEqual([]);
    expect(warnings(100, { replicas: 4 }, 4)).toEqual([]);
  });

  test('promotion is a one-field change: weight 100 sends every pod (by replicas) to the canary', () => {
    const m = foo(ReleaseStrategy.canary({ image: V2, weight: 100 }), { replicas: 10 }).manifests();
    expect(byName(m, 'Deployment', 'foo-stable').spec.replicas).toBe(0);
    expect(byName(m, 'Deployment', 'foo-canary').spec.replicas).toBe(10);
  });

  test.each([
    [{ image: V2, weight: 15 }, { replicas: 10 }, /foo\/Foo: invalid release\.weight 15: 15% of 10 replicas is 1\.5 pods, not a whole number\. Expected a weight that is a multiple of 10%/],
    // Without replicas, the 10 the user never wrote are named for what they are.
    [{ image: V2, weight: 25 }, { replicas: undefined }, /invalid release\.weight 25: 25% of the 10 replicas that a canary by replicas runs when `replicas` is not given is 2\.5 pods, not a whole number\. Expected a weight that is a multiple of 10%, or `replicas` that the weight divides into whole pods\./],
    [{ image: V2, weight: 101 }, {}, /invalid release\.weight 101: it is not a whole percentage/],
    [{ image: V2, weight: -5 }, {}, /invalid release\.weight -5/],
    [{ image: V2, weight: 10 }, { replicas: 0 }, /invalid replicas 0: the canary has no stable track to share the traffic with/],
    [{ image: V2, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }, { replicas: 0 }, /invalid replicas 0: the canary has no stable track/],
    [{ image: V2, weight: 10, canaryReplicas: 2 }, { replicas: 10 }, /invalid release\.canaryReplicas 2: with a canary by replicas, the weight decides/],
    // The autoscaling as written, not one of its numbers.
    [{ image: V2, weight: 10 }, { replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 4 } },
      /invalid autoscaling \{"minReplicas":2,"maxReplicas":4\}: a canary by replicas shares the traffic by a fixed number of pods/],
    // Its share of the traffic on no pod: the canary's Service has no endpoints, and that share of the requests fails.
    [{ image: V2, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT, canaryReplicas: 0 }, { replicas: 4 },
      /^foo\/Foo: invalid release\.canaryReplicas 0: the canary takes 10% of the traffic on no pod: its Service has no endpoints, so that share of the requests fails\. Expected at least 1 canary replica \(2 by default\), or weight 0 to keep the canary out\.$/],
    [{ image: V2, weight: 100, traffic: CanaryTraffic.NGINX_ANNOTATIONS, canaryReplicas: 0 }, { replicas: 4 }, /invalid release\.canaryReplicas 0: the canary takes 100% of the traffic on no pod/],
    [{ image: V2, weight: 10 },
      { replicas: undefined, eventScaling: { minReplicas: 2, maxReplicas: 4, triggers: [ScalingTrigger.cpu({ utilization: 70 })] } },
      /^foo\/Foo: invalid eventScaling \{"minReplicas":2,.*\(90 characters\): a canary by replicas shares the traffic by a fixed number of pods\. Expected replicas, or a canary by route weight or ingress-nginx annotations\.$/],
  ])('refused: %#', (options, props, message) => {
    expect(() => foo(ReleaseStrategy.canary(options), props as Partial<ReleasedWorkloadProps>)).toThrow(message);
  });
});

describe('the version label of each track is its own image\'s', () => {
  const VERSION = 'app.kubernetes.io/version';
  function versioned(release: ReleaseStrategy, props: Partial<ReleasedWorkloadProps> = {}) {
    const chart = new Chart(Testing.app(), 'web', { namespace: 'web' });
    const identity = new AppIdentity(chart, 'Identity', { name: 'web', version: '2.3.1' });
    new ReleasedWorkload(chart, 'Web', {
      identity,
      release,
      replicas: 10,
      container: {
        image: ContainerImage.fromReference('registry.example.com/web:2.3.1'),
        ports: [{ name: 'http', number: 8080 }],
        resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) },
      },
      ...props,
    });
    const m = synth(chart);
    /** `<kind>/<name>: <version of the object> (pods <version of the pod template>)`, never a version in a selector. */
    return m.map((x) => {
      for (const selector of [x.spec?.selector?.matchLabels, x.kind === 'Service' ? x.spec.selector : undefined]) {
        expect(selector?.[VERSION]).toBeUndefined();
      }
      const pods = x.spec?.template?.metadata?.labels?.[VERSION];
      return `${x.kind}/${x.metadata.name}: ${x.metadata.labels?.[VERSION]}${pods !== undefined ? ` (pods ${pods})` : ''}`;
    }).sort();
  }
  const RC = ContainerImage.fromReference('registry.example.com/web:2.4.0-rc1');

  test('canary: the canary Deployment and its pods are 2.4.0-rc1, the stable track and the Service 2.3.1', () => {
    expect(versioned(ReleaseStrategy.canary({ image: RC, weight: 10 }))).toEqual([
      'Deployment/web-canary: 2.4.0-rc1 (pods 2.4.0-rc1)',
      'Deployment/web-stable: 2.3.1 (pods 2.3.1)',
      'PodDisruptionBudget/web-stable: 2.3.1',
      'Service/web: 2.3.1',
    ]);
  });

  test('blue/green: each track its image\'s version; the Services the application\'s, so that a switch changes only their selectors', () => {
    const labels = (active: BlueGreenTrack) => versioned(ReleaseStrategy.blueGreen({ active, greenImage: RC }), { replicas: 2 });
    expect(labels(BlueGreenTrack.GREEN)).toEqual([
      'Deployment/web-blue: 2.3.1 (pods 2.3.1)',
      'Deployment/web-green: 2.4.0-rc1 (pods 2.4.0-rc1)',
      'PodDisruptionBudget/web-blue: 2.3.1',
      'PodDisruptionBudget/web-green: 2.4.0-rc1',
      'Service/web-preview: 2.3.1',
      'Service/web: 2.3.1',
    ]);
    expect(labels(BlueGreenTrack.BLUE)).toEqual(labels(BlueGreenTrack.GREEN));
  });

  test('an image pinned by digest alone has no version to tell: its track has no version label', () => {
    const pinned = ContainerImage.fromReference(`registry.example.com/web@sha256:${'a'.repeat(64)}`);
    expect(versioned(ReleaseStrategy.canary({ image: pinned, weight: 10 }))).toContain('Deployment/web-canary: undefined');
  });

  test('an application without a version has no version label on any track', () => {
    const chart = new Chart(Testing.app(), 'web', { namespace: 'web' });
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    new ReleasedWorkload(chart, 'Web', {
      identity,
      replicas: 10,
      release: ReleaseStrategy.canary({ image: RC, weight: 10 }),
      container: { image: V1, ports: [{ name: 'http', number: 8080 }], resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) } },
    });
    expect(synth(chart).filter((x) => JSON.stringify(x).includes('app.kubernetes.io/version'))).toEqual([]);
  });
});

test('untyped callers: a misspelt option of a release strategy is refused, not dropped', () => {
  const v2 = ContainerImage.fromReference('registry.example.com/foo:2.0.0');
  // Both tracks would run the declared image: the switch to green would ship nothing new.
  expect(refusalOf(() => foo(ReleaseStrategy.blueGreen({ active: BlueGreenTrack.GREEN, greenimage: v2 } as any)))).toMatchObject({
    constructPath: 'foo/Foo',
    prop: 'release.greenimage',
    problem: 'it is not an option of ReleaseStrategy.blueGreen (did you mean greenImage?)',
    accepted: 'release.greenImage',
  });
  expect(refusalOf(() => foo(ReleaseStrategy.canary({ image: v2, weigth: 10 } as any)))).toMatchObject({
    prop: 'release.weigth', problem: 'it is not an option of ReleaseStrategy.canary (did you mean weight?)',
  });
  // An option of one's own, far from every option, is left alone (and the missing weight refused as such).
  expect(refusalOf(() => foo(ReleaseStrategy.canary({ image: v2, ticket: 'OPS-12' } as any))).prop).toBe('release.weight');
});

describe('blue/green without a preview Service', () => {
  const release = (active: BlueGreenTrack) => ReleaseStrategy.blueGreen({ active, greenImage: V2, previewService: false });

  test('the idle track has no Service; the switch is still the Service\'s selector alone', () => {
    const blue = foo(release(BlueGreenTrack.BLUE));
    expect(blue.released.previewService).toBeUndefined();
    expect(blue.manifests().filter((x) => x.kind === 'Service').map((x) => x.metadata.name)).toEqual(['foo']);
    const before = ManifestYaml.ofChart(blue.chart).split('\n');
    const after = ManifestYaml.ofChart(foo(release(BlueGreenTrack.GREEN)).chart).split('\n');
    expect(before.map((line, i) => [line, after[i]]).filter(([b, a]) => b !== a).map(([b, a]) => `${b.trim()} -> ${a.trim()}`)).toEqual([
      'cdk8s-appflow/track: blue -> cdk8s-appflow/track: green',
    ]);
  });

  test('refused: a previewService that is not a boolean', () => {
    expect(() => foo(ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, previewService: 'no' as unknown as boolean }))).toThrow(
      /foo\/Foo: invalid release\.previewService "no": it is not a boolean\. Expected true \(the default: a Service for the idle track\) or false\./);
  });
});


describe('an untyped caller\'s release: the errors name the prop, never a TypeError', () => {
  const ACCEPTED = 'Expected ReleaseStrategy.rolling(), ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, ... }) or ReleaseStrategy.canary({ image, weight }).';
  test.each<[string, unknown, string]>([
    ['an object', { weight: 10 }, 'foo/Foo: invalid release {"weight":10}: it is an object, not a ReleaseStrategy.'],
    ['a string', 'canary', 'foo/Foo: invalid release "canary": it is a string, not a ReleaseStrategy.'],
    ['a canary without options', (ReleaseStrategy.canary as (o?: unknown) => ReleaseStrategy)(), 'foo/Foo: invalid release "ReleaseStrategy.canary()": its options are undefined, not an object.'],
    ['a blue/green of a string', (ReleaseStrategy.blueGreen as (o?: unknown) => ReleaseStrategy)('blue'),
      'foo/Foo: invalid release "ReleaseStrategy.blueGreen(\\"blue\\")": its options are a string, not an object.'],
  ])('%s', (_what, release, message) => {
    expect(() => foo(release as ReleaseStrategy)).toThrow(`${message} ${ACCEPTED}`);
  });

  test.each<[string, unknown, RegExp]>([
    ['a canary without an image', { weight: 50 }, /^foo\/Foo: invalid release\.image \(undefined\): it is not a ContainerImage\. Expected /],
    ['a canary without a weight', { image: V2 }, /^foo\/Foo: invalid release\.weight \(undefined\): it is not a whole percentage/],
  ])('%s', (_what, options, message) => {
    expect(() => foo(ReleaseStrategy.canary(options as any))).toThrow(message);
  });

  test('a blue/green without active, or with an image that is not a ContainerImage', () => {
    expect(() => foo(ReleaseStrategy.blueGreen({} as any))).toThrow(/^foo\/Foo: invalid release\.active \(undefined\): it is not a track/);
    expect(() => foo(ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, greenImage: 'web:2' as any }))).toThrow(
      /^foo\/Foo: invalid release\.greenImage "web:2": it is not a ContainerImage\. Expected ContainerImage\.fromReference/);
  });
});
