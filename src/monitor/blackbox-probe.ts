import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { promDuration } from './monitoring-names';
import { Probe, ProbeSpecProberScheme } from '../../imports/monitoring.coreos.com';
import { checkSeconds, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults } from '../core/platform-defaults';

/**
 * Properties of a {@link BlackboxProbe}.
 */
export interface BlackboxProbeProps {
  /** The name of the Probe resource, and the `job` label of its results (`probe_success{job="<name>"}`). */
  readonly name: string;

  /** The targets: URLs (`https://shop.example.com/`) or in-cluster addresses (`http://web.shop.svc.cluster.local:80/`). */
  readonly targets: string[];

  /**
   * The application the targets belong to (the `application` label of the results).
   *
   * @default - none
   */
  readonly application?: string;

  /**
   * The blackbox exporter module.
   *
   * @default - the platform default `blackboxModule` ("http_2xx")
   */
  readonly module?: string;

  /**
   * The address (host:port) of the blackbox exporter.
   *
   * @default - the platform default `blackboxExporterAddress`
   */
  readonly proberAddress?: string;

  /**
   * How often the targets are probed.
   *
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
}

/**
 * A black-box check from outside the application: a `Probe` resource (monitoring.coreos.com/v1) that makes
 * Prometheus ask the blackbox exporter to probe the targets (a Service's in-cluster address, the published URLs).
 *
 * @see https://prometheus-operator.dev/docs/developer/blackbox-exporter/
 */
export class BlackboxProbe extends Construct {
  /** The Probe resource. */
  public readonly probe: Probe;
  /** The `job` label of the probe's results. */
  public readonly jobName: string;

  constructor(scope: Construct, id: string, props: BlackboxProbeProps) {
    super(scope, id);
    const defaults = PlatformDefaults._read(this);
    const name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    const address = props.proberAddress ?? defaults.blackboxExporterAddress;
    if (address === undefined) {
      throw inputError(this, 'proberAddress', undefined, 'there is no blackbox exporter to probe with',
        'the platform default blackboxExporterAddress (e.g. "blackbox-exporter.monitoring.svc:9115"), or proberAddress');
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/.test(address)) {
      throw inputError(this, 'proberAddress', address, 'it is not a host with an optional port', 'host:port without scheme');
    }
    if (!Array.isArray(props.targets) || props.targets.length === 0) {
      throw inputError(this, 'targets', props.targets, 'there is no target', 'one or more URLs, e.g. "https://shop.example.com/"');
    }
    props.targets.forEach((target, i) => {
      if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(target)) {
        throw inputError(this, `targets[${i}]`, target, 'it is not an http(s) URL', 'a URL such as "https://shop.example.com/healthz"');
      }
    });
    const module = props.module ?? defaults.blackboxModule ?? 'http_2xx';
    const interval = checkSeconds(this, 'interval', props.interval ?? Duration.seconds(30), { min: 1 });
    // Object.assign rather than a spread, whose copy makes the label added below slow (see src/core/props.ts).
    const labels: Record<string, string> = Object.assign({}, defaults.prometheusSelectorLabels);
    if (props.application !== undefined) {
      FormatRule.LABEL_VALUE.check(this, 'application', props.application);
      labels['app.kubernetes.io/name'] = props.application;
    }
    this.jobName = name;
    this.probe = new Probe(this, 'Resource', {
      metadata: { name, labels },
      spec: {
        jobName: name,
        module,
        interval: promDuration(interval),
        prober: { url: address, path: '/probe', scheme: ProbeSpecProberScheme.HTTP },
        targets: {
          staticConfig: {
            static: [...props.targets],
            labels: props.application !== undefined ? { application: props.application } : undefined,
          },
        },
      },
    });
  }
}
