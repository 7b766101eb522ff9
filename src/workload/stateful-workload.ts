import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppWorkload, VolumeMountOptions } from './app-workload';
import { AppWorkloadProps } from './app-workload-props';
import { AppScaledObject } from './event-scaling';
import { checkMinReady, checkReplicas, createAutoscaler, createDisruptionBudget, createEventScaling, defaultSpread, fixedReplicas, mostReplicas } from './replicas';
import { ReplicatedOptions } from './replicated-workload';
import { RecommendedLabel } from '../core/app-identity';
import { checkInt32, inputError, refusedAs } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { addToListField } from '../core/patches';
import { StatefulSetKeepingVolumes } from '../core/plus-internals';
import { Warnings } from '../core/warnings';

/**
 * How a stateful workload runs its replicas and rolls out a new version (a StatefulSet). Declared once, taken by
 * {@link StatefulWorkload} and the `StatefulService` pattern.
 */
export interface StatefulOptions extends ReplicatedOptions {
  /**
   * Whether pods start and stop one at a time, in order (`OrderedReady`), or all at once (`Parallel`).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
   * @default kplus.PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: kplus.PodManagementPolicy;

  /**
   * Pods with an ordinal below this keep the old version during a rolling update (a staged rollout, a canary).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#partitions
   * @default 0
   */
  readonly partition?: number;
}

/**
 * Properties of a {@link StatefulWorkload}.
 */
export interface StatefulWorkloadProps extends AppWorkloadProps, StatefulOptions {
  /**
   * The name of the headless Service that gives each pod a stable DNS name
   * (`<name>-0.<serviceName>.<namespace>.svc.cluster.local`).
   *
   * @default - `<name>-headless`
   */
  readonly serviceName?: string;
}

/**
 * A volume claim that a stateful workload makes for each of its replicas (a `volumeClaimTemplate`).
 */
export interface ReplicaVolumeClaim {
  /**
   * The name of the claim template; each replica's claim is named `<name>-<workload>-<ordinal>`, so the name must
   * never change (that would leave the data behind).
   */
  readonly name: string;

  /**
   * The spec of each claim.
   */
  readonly spec: kplus.k8s.PersistentVolumeClaimSpec;

  /**
   * Metadata of the claims (labels, annotations).
   *
   * @default - the application's labels
   */
  readonly metadata?: kplus.k8s.ObjectMeta;
}

/**
 * A stateful application (a database, a message broker): pods with a stable identity (`<name>-0`, `<name>-1`,
 * ...) and a stable DNS name through a headless Service, each with its own storage, under a StatefulSet.
 */
export class StatefulWorkload extends AppWorkload {
  /**
   * The label of the headless Service (`cdk8s-appflow/headless: "true"`). It lists the same pods as the application's
   * Service, with the same labels and ports: a ServiceMonitor of the application leaves it out by this label, so that
   * each pod is scraped once.
   */
  public static readonly HEADLESS_LABEL = 'cdk8s-appflow/headless';

  /** The cdk8s-plus-34 StatefulSet. */
  public readonly statefulSet: kplus.StatefulSet;
  /** The cdk8s-plus-34 workload (the StatefulSet). */
  public readonly workload: kplus.Workload;
  /** The headless Service that governs the StatefulSet. */
  public readonly headlessService: kplus.Service;
  /** The HorizontalPodAutoscaler, with `autoscaling`. */
  public readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  /** KEDA's ScaledObject, with `eventScaling`. */
  public readonly scaledObject?: AppScaledObject;
  /** The PodDisruptionBudget, unless there is none. */
  public readonly disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  /** Whether the pods may run on more than one node at once (more than one replica). */
  public readonly canRunOnSeveralNodes: boolean;
  private readonly claimNames = new Set<string>();

  constructor(scope: Construct, id: string, props: StatefulWorkloadProps) {
    // The name is in every pod's hostname and labels (with an ordinal and a revision hash): a DNS-1123 label.
    super(scope, id, props, FormatRule.DNS1123_LABEL);
    if (this.name.length > 52) {
      throw inputError(this, 'name', this.name, `it is ${this.name.length} characters long, more than 52`,
        'a StatefulSet name of at most 52 characters (Kubernetes appends a revision hash of 11 characters in a label)');
    }
    const lowest = checkReplicas(this, props, 1);
    this.canRunOnSeveralNodes = mostReplicas(props, lowest) > 1;
    const minReady = checkMinReady(this, props.minReady);
    const partition = checkInt32(this, 'partition', props.partition ?? 0, { min: 0, what: 'an ordinal: an integer' });
    const most = mostReplicas(props, lowest);
    if (partition > 0 && partition >= most) {
      Warnings.add(this, `partition ${partition} is not below the ${most === lowest ? '' : 'most '}replicas (${most}): a rolling update changes no pod `
        + 'until the partition is lowered');
    }
    if (props.autoscaling !== undefined || props.eventScaling !== undefined) {
      Warnings.add(this, 'the replicas of a StatefulSet are scaled by load: each new replica starts with empty storage of its own and a name of its '
        + 'own, so scaling suits only an application that replicates its data itself (a clustered store), never a single database');
    }
    const serviceName = FormatRule.DNS1035_LABEL.check(this, 'serviceName', props.serviceName ?? `${this.name}-headless`);

    const template = this._resolvePodTemplate(props, { spread: defaultSpread(this, props, lowest) });
    if ((props.container.ports ?? []).length === 0) {
      // cdk8s-plus-34 cannot make a Service without ports, headless or not.
      throw inputError(this, 'container.ports', props.container.ports, 'the main container declares no port, and the headless Service that gives each pod its DNS name needs one',
        'at least one port of the main container, e.g. [{ name: "postgres", number: 5432 }]');
    }

    this.headlessService = new kplus.Service(this, 'HeadlessService', {
      metadata: { name: serviceName, labels: { [StatefulWorkload.HEADLESS_LABEL]: 'true' } },
      clusterIP: 'None',
      ports: (props.container.ports ?? []).map((p) => ({ name: p.name, port: p.number, targetPort: p.number, protocol: p.protocol })),
    });
    this.statefulSet = new StatefulSetKeepingVolumes(this, 'Resource', {
      ...template.plusProps,
      metadata: { name: this.name },
      service: this.headlessService,
      replicas: fixedReplicas(props, lowest),
      minReady,
      podManagementPolicy: props.podManagementPolicy,
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition }),
    });
    this.workload = this.statefulSet;
    template.applyTo(this.statefulSet);
    // cdk8s-plus-34's StatefulSet makes its Service select the pods by its construct-path label: select them by
    // the identity's stable labels instead. Peers must find each other before they are ready (to form a
    // cluster): publishNotReadyAddresses, by JSON patch as with cdk8s-plus-27, which had no API for it.
    const headless = ApiObject.of(this.headlessService);
    headless.addJsonPatch(JsonPatch.add('/spec/selector', this.identity.selectorLabels));
    headless.addJsonPatch(JsonPatch.add('/spec/publishNotReadyAddresses', true));

    this.autoscaler = createAutoscaler(this, props, template, this.statefulSet);
    this.scaledObject = createEventScaling(this, props, this.statefulSet);
    this.disruptionBudget = createDisruptionBudget(this, props, lowest);
    this.identity.applyTo(this);
  }

  /**
   * The names of the workload's claim templates: each replica gets a claim named `<template>-<workload>-<ordinal>`.
   */
  public get replicaClaimNames(): string[] {
    return [...this.claimNames];
  }

  /**
   * Gives each replica its own volume claim (a `volumeClaimTemplate`, written by JSON patch as with cdk8s-plus-27, which had no API for it) and
   * mounts it (in the main container, unless told otherwise). The persistence step's `ReplicaStorage` builds the
   * claim from a typed size and the platform's storage class.
   *
   * @param claim the claim template
   * @param mountPath where the containers mount it
   */
  public addReplicaVolumeClaim(claim: ReplicaVolumeClaim, mountPath: string, options: VolumeMountOptions = {}): void {
    FormatRule.DNS1123_LABEL.check(this, 'claim.name', claim.name);
    if (this.claimNames.has(claim.name)) {
      throw inputError(this, 'claim.name', claim.name, 'another claim template of this workload has the same name', 'a claim template name unique in the workload');
    }
    // cdk8s-plus-34 also lists the mounted claim as a pod volume of the same name; the StatefulSet controller
    // replaces it with each replica's own claim. mountVolume checks the path, reported as this method's.
    const volume = kplus.Volume.fromPersistentVolumeClaim(this, `Claim-${claim.name}`,
      kplus.PersistentVolumeClaim.fromClaimName(this, `ClaimRef-${claim.name}`, claim.name), { name: claim.name });
    refusedAs(this, { 'mountVolume(path)': 'mountPath', 'mountVolume(subPath)': 'options.subPath', 'mountVolume(containers)': 'options.containers' },
      () => this.mountVolume(volume, mountPath, options));
    this.claimNames.add(claim.name);
    // A non-root user must be able to write its claim: the pod gets an fsGroup, as for every writable claim.
    if (!options.readOnly && this.runsAsNonRoot) {
      this.ensureFsGroup();
    }
    // In the typed shape of cdk8s-plus-34's L1 props (Quantity objects), which its StatefulSet maps to JSON after
    // the patches are applied.
    const template: kplus.k8s.KubePersistentVolumeClaimProps = {
      metadata: { ...claim.metadata, name: claim.name, labels: { ...templateLabels(this.identity.labels), ...claim.metadata?.labels } },
      spec: claim.spec,
    };
    addToListField(this.apiObject, '/spec/volumeClaimTemplates', [template]);
  }
}

/**
 * The labels of a claim template: the application's, but not its version (nor a release track). The claim
 * templates of a StatefulSet cannot change, so a label that changes with every release would make every version
 * bump an apply that the API server refuses.
 */
function templateLabels(labels: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => k !== RecommendedLabel.VERSION && k !== RecommendedLabel.TRACK));
}
