import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { BlueGreenTrack, ContainerImage, MonitoringPart, ReleaseStrategy, WebService, WebServiceProps } from 'cdk8s-appflow';

/** The version that runs today, and the new one being released. */
const CURRENT = ContainerImage.fromReference('registry.example.com/foo:1.0.0');
const NEXT = ContainerImage.fromReference('registry.example.com/foo:1.1.0');

/** What both releases of `foo` share: everything but the release strategy. */
const FOO: WebServiceProps = {
  name: 'foo',
  component: 'api',
  image: CURRENT,
  port: 8080, // the container port `http`
  runAsUser: 10001,
  runAsGroup: 10001,
  resources: {
    cpuRequest: kplus.Cpu.millis(100),
    memoryRequest: Size.mebibytes(128),
    memoryLimit: Size.mebibytes(256),
  },
  servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }],
  monitoring: {
    defaultProbes: { readinessPath: '/healthz' },
    // No Prometheus operator and no Grafana needed for this example: no alert rules, no dashboard.
    switchOff: [MonitoringPart.ALERTS, MonitoringPart.DASHBOARD],
  },
};

/**
 * Properties of a {@link FooBlueGreenChart}.
 */
export interface FooBlueGreenChartProps extends ChartProps {
  /**
   * The track that users reach through the Service `foo`. Switching is this one field.
   *
   * @default BlueGreenTrack.BLUE
   */
  readonly active?: BlueGreenTrack;
}

/**
 * A blue/green release of `foo`: two Deployments, `foo-blue` (1.0.0) and `foo-green` (1.1.0), both running at full
 * size. The Service `foo` sends users to the active track, the preview Service `foo-preview` reaches the idle one,
 * where the new version is tested before the switch. Switching (and switching back) changes `active`, and the
 * manifest diff is the two Services' selectors: no pod restarts, both versions stay up.
 */
export class FooBlueGreenChart extends Chart {
  public readonly foo: WebService;

  constructor(scope: Construct, id: string, props: FooBlueGreenChartProps = {}) {
    const { active = BlueGreenTrack.BLUE, ...chartProps } = props;
    super(scope, id, { namespace: 'foo-bluegreen', ...chartProps });

    this.foo = new WebService(this, 'Foo', {
      ...FOO,
      replicas: 3, // per track
      release: ReleaseStrategy.blueGreen({
        active,
        blueImage: CURRENT,
        greenImage: NEXT,
      }),
    });
  }
}

/**
 * Properties of a {@link FooCanaryChart}.
 */
export interface FooCanaryChartProps extends ChartProps {
  /**
   * The canary's share of the traffic, in percent: a multiple of 10 (10 pods). 0 rolls the canary back, 100
   * promotes it.
   *
   * @default 10
   */
  readonly weight?: number;
}

/**
 * A canary release of `foo`: 10 pods behind the Service `foo`, 9 of the stable version (the Deployment `foo-stable`,
 * 1.0.0) and 1 of the canary (`foo-canary`, 1.1.0). The Service selects the pods of both tracks, so the canary takes
 * about a tenth of the requests; raising `weight` moves pods from the stable track to the canary.
 */
export class FooCanaryChart extends Chart {
  public readonly foo: WebService;

  constructor(scope: Construct, id: string, props: FooCanaryChartProps = {}) {
    const { weight = 10, ...chartProps } = props;
    super(scope, id, { namespace: 'foo-canary', ...chartProps });

    this.foo = new WebService(this, 'Foo', {
      ...FOO,
      replicas: 10, // in all: stable and canary
      release: ReleaseStrategy.canary({ image: NEXT, weight }),
    });
  }
}
