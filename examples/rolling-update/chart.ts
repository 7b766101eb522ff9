import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerImage, MonitoringPart, RolloutStrategy, SecurityRelaxation, WebService } from 'cdk8s-appflow';

/**
 * Properties of a {@link RollingUpdateChart}.
 */
export interface RollingUpdateChartProps extends ChartProps {
  /**
   * The nginx version that runs (the image `nginx:<version>-alpine`). A new version is rolled out by changing it
   * (e.g. to 1.15.0) and applying the synthesized manifest again: the Deployment replaces its pods a few at a time.
   *
   * @default '1.14.0'
   */
  readonly version?: string;
}

/**
 * A rolling update you can watch, and undo: `hello-deploy`, 10 replicas of nginx replaced with at most one pod
 * above the 10 and one short of them (never more than 11 pods, never fewer than 9 available), each new pod ready for
 * 10 seconds before it counts as available.
 */
export class RollingUpdateChart extends Chart {
  public readonly web: WebService;

  constructor(scope: Construct, id: string, props: RollingUpdateChartProps = {}) {
    const { version = '1.14.0', ...chartProps } = props;
    super(scope, id, { namespace: 'rollout', ...chartProps });

    this.web = new WebService(this, 'HelloDeploy', {
      name: 'hello-deploy',
      version,
      image: ContainerImage.fromReference(`nginx:${version}-alpine`),
      port: 80, // the stock nginx image listens on 80
      replicas: 10,
      // A new pod counts as available once it has been ready for 10 seconds: a pod that crashes right after its
      // start holds the rollout instead of letting the next old pod go.
      minReady: Duration.seconds(10),
      strategy: RolloutStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1), // at most 11 pods during the update
        maxUnavailable: kplus.PercentOrAbsolute.absolute(1), // at least 9 of them available
      }),
      // Rollback: the ReplicaSets of the last 5 versions are kept for `kubectl rollout undo`, and a rollout that
      // makes no progress for 5 minutes is reported failed (`kubectl rollout status` exits non-zero).
      revisionHistoryLimit: 5,
      progressDeadline: Duration.minutes(5),
      resources: {
        cpuRequest: kplus.Cpu.millis(50),
        memoryRequest: Size.mebibytes(32),
        memoryLimit: Size.mebibytes(128),
      },
      // The stock nginx image is not built for the restricted profile, so this application relaxes it on purpose:
      // - RUN_AS_ROOT: its master process starts as root, binds port 80 and switches its workers to the user nginx;
      // - DEFAULT_CAPABILITIES: for that it needs the runtime's default capabilities (NET_BIND_SERVICE for port 80,
      //   SETUID and SETGID for the switch, CHOWN for its cache directories) instead of none;
      // - WRITABLE_ROOT_FILESYSTEM: it writes its cache under /var/cache/nginx and its pid file in /var/run.
      // The pods then meet the baseline profile (no privileged mode, no host namespaces, RuntimeDefault seccomp,
      // no privilege escalation). For the restricted profile, use nginxinc/nginx-unprivileged (see nginx-web).
      relax: [SecurityRelaxation.RUN_AS_ROOT, SecurityRelaxation.DEFAULT_CAPABILITIES, SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM],
      monitoring: {
        defaultProbes: { readinessPath: '/' },
        // No Prometheus operator and no Grafana needed for this demo: no alert rules, no dashboard.
        switchOff: [MonitoringPart.ALERTS, MonitoringPart.DASHBOARD],
      },
    });
  }
}
