import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct, IConstruct } from 'constructs';
import { inputError } from './errors';
import { FormatRule } from './format-rule';
import { TRACK_LABEL } from './label-keys';
import { claimObjectName } from './object-names';
import { serviceSelectorOf } from './plus-internals';

/**
 * The keys of the Kubernetes recommended labels.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export class RecommendedLabel {
  /** The name of the application, e.g. `mysql`. */
  public static readonly NAME = 'app.kubernetes.io/name';
  /** A name identifying this instance of the application, e.g. `mysql-abcxyz`. */
  public static readonly INSTANCE = 'app.kubernetes.io/instance';
  /** The version of the application, e.g. `5.7.21`. */
  public static readonly VERSION = 'app.kubernetes.io/version';
  /** The component within the architecture, e.g. `database`. */
  public static readonly COMPONENT = 'app.kubernetes.io/component';
  /** The name of a higher-level application this one is part of, e.g. `wordpress`. */
  public static readonly PART_OF = 'app.kubernetes.io/part-of';
  /** The tool managing the operation of the application, e.g. `cdk8s`. */
  public static readonly MANAGED_BY = 'app.kubernetes.io/managed-by';
  /**
   * The release track of the pods when a release strategy runs two of them (`blue`/`green`, `stable`/`canary`);
   * part of the selector of each track. Not a Kubernetes recommended label: cdk8s-appflow's own.
   */
  public static readonly TRACK = TRACK_LABEL;

  private constructor() {}
}

/**
 * Properties of an {@link AppIdentity}.
 */
export interface AppIdentityProps {
  /**
   * The name of the application: the `app.kubernetes.io/name` label and the stem of the names of the
   * objects made for it.
   *
   * A DNS-1123 label (at most 63 lowercase letters, digits and "-").
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
   */
  readonly name: string;

  /**
   * A name identifying this instance of the application (`app.kubernetes.io/instance`), for when the same
   * application is deployed more than once, e.g. `shop-api-eu`. Part of the selector.
   *
   * @default - the name
   */
  readonly instance?: string;

  /**
   * The version of the application (`app.kubernetes.io/version`), e.g. `1.4.2`. A label value: at most
   * 63 characters. Never part of a selector: selectors are immutable on Deployments and StatefulSets.
   *
   * @default - no version label
   */
  readonly version?: string;

  /**
   * The component within the architecture (`app.kubernetes.io/component`), e.g. `api` or `database`.
   * Part of the selector, so that two components of one application select different pods.
   *
   * @default - no component label
   */
  readonly component?: string;

  /**
   * The name of the higher-level application this one is part of (`app.kubernetes.io/part-of`),
   * e.g. `shop`.
   *
   * @default - no part-of label
   */
  readonly partOf?: string;

  /**
   * The tool managing the operation of the application (`app.kubernetes.io/managed-by`).
   *
   * @default "cdk8s"
   */
  readonly managedBy?: string;

  /**
   * The release track of these pods (`cdk8s-appflow/track`), when a release strategy runs two tracks of the
   * application (e.g. `blue` and `green`): part of the labels and of the selector.
   *
   * @default - no track
   */
  readonly track?: string;
}

/**
 * The identity of one application: its name, instance, version, component and the application it is
 * part of.
 *
 * It gives every object of the application the Kubernetes recommended labels (`app.kubernetes.io/*`),
 * and gives its workloads a selector made of the stable labels only (name, instance and component),
 * never the version: selectors are immutable on Deployments and StatefulSets, so a selector that moved
 * with each release would make every upgrade fail.
 *
 * @example
 * const identity = new AppIdentity(chart, 'Identity', { name: 'shop-api', version: '1.4.2', partOf: 'shop' });
 * const deployment = new kplus.Deployment(chart, 'Deployment', { select: false, metadata: { name: identity.name } });
 * identity.selectPods(deployment);
 * const service = new kplus.Service(chart, 'Service', { metadata: { name: identity.name }, ports: [{ port: 80 }] });
 * identity.targetPods(service);
 * identity.applyTo(chart);
 */
export class AppIdentity extends Construct {
  /** The name of the application. */
  public readonly name: string;
  /** The instance of the application. */
  public readonly instance: string;
  /** The version of the application, if one was given. */
  public readonly version?: string;
  /** The component within the architecture, if one was given. */
  public readonly component?: string;
  /** The higher-level application this one is part of, if one was given. */
  public readonly partOf?: string;
  /** The tool managing the operation of the application. */
  public readonly managedBy: string;
  /** The release track, if any. */
  public readonly track?: string;

  private readonly props: AppIdentityProps;

  constructor(scope: Construct, id: string, props: AppIdentityProps) {
    super(scope, id);
    this.name = FormatRule.DNS1123_LABEL.check(this, 'name', props.name);
    this.instance = FormatRule.LABEL_VALUE.check(this, 'instance', nonEmpty(this, 'instance', props.instance ?? props.name));
    this.version = optionalLabelValue(this, 'version', props.version);
    this.component = optionalLabelValue(this, 'component', props.component);
    this.partOf = optionalLabelValue(this, 'partOf', props.partOf);
    this.managedBy = FormatRule.LABEL_VALUE.check(this, 'managedBy', nonEmpty(this, 'managedBy', props.managedBy ?? 'cdk8s'));
    this.track = props.track === undefined ? undefined : FormatRule.DNS1123_LABEL.check(this, 'track', props.track);
    this.props = { ...props };
    checkChartNamespace(this);
  }

  /** The recommended labels, with or without the track label. */
  private labelMap(withTrack: boolean): Record<string, string> {
    const labels: Record<string, string> = {
      [RecommendedLabel.NAME]: this.name,
      [RecommendedLabel.INSTANCE]: this.instance,
    };
    if (this.version !== undefined) {
      labels[RecommendedLabel.VERSION] = this.version;
    }
    if (this.component !== undefined) {
      labels[RecommendedLabel.COMPONENT] = this.component;
    }
    if (this.partOf !== undefined) {
      labels[RecommendedLabel.PART_OF] = this.partOf;
    }
    labels[RecommendedLabel.MANAGED_BY] = this.managedBy;
    if (withTrack && this.track !== undefined) {
      labels[RecommendedLabel.TRACK] = this.track;
    }
    return labels;
  }

  /** The selector labels, with or without the track label. */
  private selectorMap(withTrack: boolean): Record<string, string> {
    const selector: Record<string, string> = {
      [RecommendedLabel.NAME]: this.name,
      [RecommendedLabel.INSTANCE]: this.instance,
    };
    if (this.component !== undefined) {
      selector[RecommendedLabel.COMPONENT] = this.component;
    }
    if (withTrack && this.track !== undefined) {
      selector[RecommendedLabel.TRACK] = this.track;
    }
    return selector;
  }

  /**
   * The same application on a release track: the same labels plus the track label, and a selector that picks
   * the pods of that track only.
   *
   * @param scope the scope of the new identity
   * @param id the id of the new identity
   * @param track the track, e.g. `blue`, `green`, `stable`, `canary` (a DNS-1123 label)
   */
  public withTrack(scope: Construct, id: string, track: string): AppIdentity {
    return new AppIdentity(scope, id, { ...this.props, track });
  }

  /**
   * All recommended labels of the application: for the metadata of every object and of every pod.
   *
   * Returns a copy.
   */
  public get labels(): Record<string, string> {
    return this.labelMap(true);
  }

  /**
   * `labels` without the release track label: for the objects that the tracks of a release share and that a release
   * switch must not touch (Services, Ingresses, routes, monitors).
   *
   * Returns a copy.
   */
  public get sharedLabels(): Record<string, string> {
    return this.labelMap(false);
  }

  /**
   * The labels that select the application's pods: name, instance and component (when given). Never the
   * version, nor anything else that changes between releases.
   *
   * Returns a copy.
   */
  public get selectorLabels(): Record<string, string> {
    return this.selectorMap(true);
  }

  /**
   * `selectorLabels` without the release track label: the labels that select the pods of every track of a release.
   *
   * Returns a copy.
   */
  public get sharedSelectorLabels(): Record<string, string> {
    return this.selectorMap(false);
  }

  /**
   * Adds the recommended labels to every Kubernetes object under `scope` (the scope itself included).
   *
   * Labels the objects that exist when it is called: call it after the objects are made. An object that
   * already carries a recommended label with another value (it belongs to another application) is refused, and so
   * is an object of the same API group, kind, namespace and name as another object of the App that the library
   * made or labelled (on apply, one would overwrite the other).
   *
   * @param scope the construct whose objects get the labels, e.g. the chart or the construct of one application
   */
  public applyTo(scope: IConstruct): void {
    const labels = Object.entries(this.labels);
    for (const construct of scope.node.findAll()) {
      if (!(construct instanceof ApiObject)) {
        continue;
      }
      for (const [key, value] of labels) {
        const current = construct.metadata.getLabel(key);
        if (current !== undefined && current !== value) {
          throw inputError(this, 'applyTo(scope)', construct.node.path,
            `the ${construct.kind} at that path already has the label ${key}=${current}, so it belongs to another application`,
            `a scope whose objects carry no ${key} label or the value ${JSON.stringify(value)}`);
        }
        construct.metadata.addLabel(key, value);
      }
      claimObjectName(scope, 'name', construct);
    }
  }

  /**
   * Makes a cdk8s-plus-34 workload select the application's pods by the stable selector labels, and gives
   * its pod template all the recommended labels.
   *
   * The workload must be created with `select: false`: otherwise cdk8s-plus-34 selects its pods by a label
   * derived from the construct path, and renaming or moving the construct would change the selector, which
   * Kubernetes refuses to update.
   *
   * @param workload a Deployment, StatefulSet, DaemonSet or Job of cdk8s-plus-34, created with `select: false`
   */
  public selectPods(workload: kplus.Workload): void {
    // cdk8s-plus-34 selects by this label unless the workload is made with `select: false`; its value is
    // derived from the construct path, so a refactoring would change an immutable selector.
    if (kplus.Pod.ADDRESS_LABEL in workload.matchLabels) {
      throw inputError(this, 'selectPods(workload)', workload.node.path,
        `the workload already selects its pods by the ${kplus.Pod.ADDRESS_LABEL} label, which cdk8s-plus-34 derives from the construct path (renaming the construct would change the immutable selector)`,
        'a workload created with `select: false`');
    }
    const labels = this.labels;
    for (const key of Object.keys(labels)) {
      workload.podMetadata.addLabel(key, labels[key]);
    }
    workload.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
  }

  /**
   * Makes a cdk8s-plus-34 Service route to the application's pods by the stable selector labels.
   *
   * The Service must not select by cdk8s-plus-34's construct-path label (as `Deployment.exposeViaService()`
   * and a Service made with `selector: workload` do): that label changes when the workload's construct is
   * renamed or moved, and two release tracks of one application would not share it.
   *
   * @param service a Service of cdk8s-plus-34, created without `selector`
   */
  public targetPods(service: kplus.Service): void {
    const selector = serviceSelectorOf(service);
    if (kplus.Pod.ADDRESS_LABEL in selector) {
      throw inputError(this, 'targetPods(service)', service.node.path,
        `the Service already selects pods by the ${kplus.Pod.ADDRESS_LABEL} label, which cdk8s-plus-34 derives from the workload's construct path`,
        'a Service created without `selector` (and not by `exposeViaService()`)');
    }
    const own = this.selectorLabels;
    for (const key of Object.keys(own)) {
      service.selectLabel(key, own[key]);
    }
  }
}

/**
 * Refuses the namespace of the chart that holds an application when it is not a DNS-1123 label (the API server
 * refuses every object of the application, and the library writes it in Service DNS names, NetworkPolicy selectors
 * and alert rules): named at the chart, whose `namespace` prop the user wrote.
 */
function checkChartNamespace(identity: AppIdentity): void {
  let scope: IConstruct | undefined = identity.node.scope;
  while (scope !== undefined && !Chart.isChart(scope)) {
    scope = scope.node.scope;
  }
  const namespace = (scope as Chart | undefined)?.namespace;
  if (namespace === undefined) {
    return;
  }
  const problem = FormatRule.DNS1123_LABEL.problemWith(namespace);
  if (problem !== undefined) {
    throw inputError(scope!, 'namespace', namespace, `${problem} (it is the namespace of the application ${identity.name} at ${identity.node.path})`,
      `a namespace name, a ${FormatRule.DNS1123_LABEL.ruleName}: ${FormatRule.DNS1123_LABEL.accepted}`);
  }
}

function nonEmpty(scope: IConstruct, prop: string, value: string): string {
  if (value === '') {
    throw inputError(scope, prop, value, 'it is empty', 'a non-empty label value (at most 63 characters), or no value at all');
  }
  return value;
}

function optionalLabelValue(scope: IConstruct, prop: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : FormatRule.LABEL_VALUE.check(scope, prop, nonEmpty(scope, prop, value));
}
