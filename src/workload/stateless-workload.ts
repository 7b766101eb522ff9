import { Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppWorkload } from './app-workload';
import { AppWorkloadProps } from './app-workload-props';
import { AppScaledObject } from './event-scaling';
import { checkAmount, checkMinReady, checkReplicas, createAutoscaler, createDisruptionBudget, createEventScaling, defaultSpread, fixedReplicas, mostReplicas } from './replicas';
import { ReplicatedOptions } from './replicated-workload';
import { RolloutStrategy } from './rollout-strategy';
import { checkInstance, checkInt32, checkInt32Seconds, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';

/**
 * How a stateless workload runs its replicas and rolls out a new version (a Deployment). Declared once, taken by
 * {@link StatelessWorkload} and the `WebService` pattern.
 */
export interface StatelessOptions extends ReplicatedOptions {
  /**
   * How new pods replace old ones.
   *
   * @default RolloutStrategy.rollingUpdate() (25% surge, 25% unavailable)
   */
  readonly strategy?: RolloutStrategy;

  /**
   * How long a rollout may make no progress before it is reported as failed.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;

  /**
   * How many old ReplicaSets to keep for `kubectl rollout undo`.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#revision-history-limit
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * Properties of a {@link StatelessWorkload}.
 */
export interface StatelessWorkloadProps extends AppWorkloadProps, StatelessOptions {}

/**
 * A stateless application (a web server, an API): interchangeable pods under a Deployment, with rolling
 * updates and rollback, optional autoscaling, a disruption budget and spreading across nodes.
 *
 * @example
 * new StatelessWorkload(this, 'Web', {
 *   identity,
 *   replicas: 3,
 *   container: { image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3'), ports: [{ name: 'http', number: 8080 }] },
 * });
 */
export class StatelessWorkload extends AppWorkload {
  /** The cdk8s-plus-34 Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The cdk8s-plus-34 workload (the Deployment). */
  public readonly workload: kplus.Workload;
  /** The HorizontalPodAutoscaler, with `autoscaling`. */
  public readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  /** KEDA's ScaledObject, with `eventScaling`. */
  public readonly scaledObject?: AppScaledObject;
  /** The PodDisruptionBudget, unless there is none. */
  public readonly disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  /**
   * Whether the pods may run on more than one node at once: more than one replica, or a rolling update that adds a
   * pod (`maxSurge` above zero) before it stops an old one.
   */
  public readonly canRunOnSeveralNodes: boolean;

  constructor(scope: Construct, id: string, props: StatelessWorkloadProps) {
    super(scope, id, props, FormatRule.DNS1123_SUBDOMAIN);
    const lowest = checkReplicas(this, props, 2);
    // A plain object from an untyped caller ({ maxUnavailable: 0 }) has no isRollingUpdate: it was read as Recreate,
    // which stops every pod at once.
    const strategy = props.strategy === undefined ? RolloutStrategy.rollingUpdate()
      : checkInstance(this, 'strategy', props.strategy, RolloutStrategy, 'a RolloutStrategy',
        'RolloutStrategy.rollingUpdate({ maxSurge, maxUnavailable }) or RolloutStrategy.recreate()');
    if (strategy.isRollingUpdate) {
      checkAmount(this, 'strategy.maxSurge', strategy.maxSurge!);
      checkAmount(this, 'strategy.maxUnavailable', strategy.maxUnavailable!);
      if (strategy.maxSurge!.isZero() && strategy.maxUnavailable!.isZero()) {
        throw inputError(this, 'strategy', 'maxSurge 0, maxUnavailable 0', 'a rolling update can neither add a pod nor remove one, so it would never progress',
          'a maxSurge or a maxUnavailable above zero');
      }
    }
    // A rolling update that surges starts the new pod before the old one stops: two pods at once, even of one replica.
    this.canRunOnSeveralNodes = mostReplicas(props, lowest) > 1 || (strategy.isRollingUpdate && !strategy.maxSurge!.isZero());
    const minReady = checkMinReady(this, props.minReady);
    const progressDeadline = props.progressDeadline ?? Duration.seconds(600);
    checkInt32Seconds(this, 'progressDeadline', progressDeadline, { min: 1 });
    if (progressDeadline.toSeconds() <= minReady.toSeconds()) {
      throw inputError(this, 'progressDeadline', progressDeadline.toHumanString(),
        `it is not longer than minReady (${minReady.toHumanString()}), so every rollout would be reported as failed`,
        'a progressDeadline longer than minReady');
    }
    const revisionHistoryLimit = checkInt32(this, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, { min: 0, what: 'a number of revisions: an integer' });

    const template = this._resolvePodTemplate(props, { spread: defaultSpread(this, props, lowest) });
    this.deployment = new kplus.Deployment(this, 'Resource', {
      ...template.plusProps,
      metadata: { name: this.name },
      replicas: fixedReplicas(props, lowest),
      minReady,
      progressDeadline,
      strategy: strategy.isRollingUpdate
        ? kplus.DeploymentStrategy.rollingUpdate({ maxSurge: strategy.maxSurge, maxUnavailable: strategy.maxUnavailable })
        : kplus.DeploymentStrategy.recreate(),
    });
    this.workload = this.deployment;
    template.applyTo(this.deployment);
    // Written by JSON patch since cdk8s-plus-27, which had no revisionHistoryLimit.
    this.apiObject.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', revisionHistoryLimit));

    this.autoscaler = createAutoscaler(this, props, template, this.deployment);
    this.scaledObject = createEventScaling(this, props, this.deployment);
    this.disruptionBudget = createDisruptionBudget(this, props, lowest);
    this.identity.applyTo(this);
  }
}
