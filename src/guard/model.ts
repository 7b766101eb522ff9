/**
 * How serious a change that the change guard finds is.
 */
export enum ChangeSeverity {
  /** The API server refuses the change, or the change loses data: fails the guard unless acknowledged. */
  ERROR = 'error',
  /** Worth a look (data kept but left unmanaged, or the change may not do what the manifests say); fails only with `failOn: WARNING`. */
  WARNING = 'warning',
}

/**
 * The rules of the change guard, by id. Acknowledgements name a rule by its id.
 */
export class ChangeRule {
  /** A PersistentVolumeClaim is gone from the manifests: a prune deletes it and its data. */
  public static readonly CLAIM_REMOVED = 'guard/claim-removed';
  /** A PersistentVolumeClaim is gone and another one of the same size, class and labels is new: a rename, which leaves the data behind. */
  public static readonly CLAIM_RENAMED = 'guard/claim-renamed';
  /** A claim's storage request is smaller: Kubernetes refuses to shrink a claim. */
  public static readonly CLAIM_SHRUNK = 'guard/claim-shrunk';
  /** A claim's storageClassName changed: immutable. */
  public static readonly CLAIM_STORAGE_CLASS_CHANGED = 'guard/claim-storage-class-changed';
  /** A claim's accessModes changed: immutable. */
  public static readonly CLAIM_ACCESS_MODES_CHANGED = 'guard/claim-access-modes-changed';
  /** Another immutable field of a claim's spec changed (volumeMode, volumeName, selector, dataSource, limits). */
  public static readonly CLAIM_SPEC_CHANGED = 'guard/claim-spec-changed';
  /** A StatefulSet's claim template is gone: volumeClaimTemplates are immutable. */
  public static readonly CLAIM_TEMPLATE_REMOVED = 'guard/claim-template-removed';
  /** A StatefulSet has a new claim template: volumeClaimTemplates are immutable. */
  public static readonly CLAIM_TEMPLATE_ADDED = 'guard/claim-template-added';
  /** A StatefulSet's claim template has a new name and the same spec: immutable, and the data stays in the old claims. */
  public static readonly CLAIM_TEMPLATE_RENAMED = 'guard/claim-template-renamed';
  /** A StatefulSet's claim template changed (size, class, modes, labels...): immutable. */
  public static readonly CLAIM_TEMPLATE_CHANGED = 'guard/claim-template-changed';
  /** A StatefulSet with claim templates is gone. */
  public static readonly STATEFULSET_REMOVED = 'guard/statefulset-removed';
  /** A StatefulSet with claim templates is gone and another one with the same templates is new: its replicas get new, empty claims. */
  public static readonly STATEFULSET_RENAMED = 'guard/statefulset-renamed';
  /** A StatefulSet's serviceName changed: immutable. */
  public static readonly STATEFULSET_SERVICE_NAME_CHANGED = 'guard/statefulset-service-name-changed';
  /** A StatefulSet's podManagementPolicy changed: immutable. */
  public static readonly STATEFULSET_POD_MANAGEMENT_CHANGED = 'guard/statefulset-pod-management-changed';
  /** A Deployment's, StatefulSet's, DaemonSet's or ReplicaSet's spec.selector changed: immutable. */
  public static readonly SELECTOR_CHANGED = 'guard/selector-changed';
  /**
   * A Deployment's or StatefulSet's spec.replicas was set and is no longer (handed to an autoscaler): the apply that
   * removes it resets the count to 1 until the autoscaler scales it back up.
   */
  public static readonly REPLICAS_REMOVED = 'guard/replicas-removed';
  /**
   * A Deployment is gone and new Deployments run pods that its selector selects (a rename, or a switch to release
   * tracks): a prune deletes the old pods while the new ones start.
   */
  public static readonly DEPLOYMENT_REPLACED = 'guard/deployment-replaced';
  /**
   * None of the pods that a Service sends traffic to keeps serving through the apply, while the pods it will send
   * traffic to start from none (a canary by replicas from weight 100 to 0, a change of release strategy): the Service
   * has no ready endpoints until they are ready.
   */
  public static readonly SERVICE_PODS_REPLACED = 'guard/service-pods-replaced';
  /** A Job's pod template changed: immutable. */
  public static readonly JOB_TEMPLATE_CHANGED = 'guard/job-template-changed';
  /** A Job's selector, manualSelector, completionMode or (non-indexed) completions changed: immutable. */
  public static readonly JOB_SPEC_CHANGED = 'guard/job-spec-changed';
  /** A Service's clusterIP changed from a set value, or was set on a Service that has one allocated. */
  public static readonly SERVICE_CLUSTER_IP_CHANGED = 'guard/service-cluster-ip-changed';
  /** A Service's primary IP family changed: immutable. */
  public static readonly SERVICE_IP_FAMILY_CHANGED = 'guard/service-ip-family-changed';
  /** A LoadBalancer Service's loadBalancerClass changed: immutable. */
  public static readonly SERVICE_LOAD_BALANCER_CLASS_CHANGED = 'guard/service-load-balancer-class-changed';
  /** A Service is no longer of type LoadBalancer: its external address is released. */
  public static readonly SERVICE_LOAD_BALANCER_RELEASED = 'guard/service-load-balancer-released';
  /** A claim, or a StatefulSet with claim templates, moved to another namespace: new, empty claims there. */
  public static readonly NAMESPACE_CHANGED = 'guard/namespace-changed';
  /** A Namespace object is gone: a prune deletes everything in it. */
  public static readonly NAMESPACE_REMOVED = 'guard/namespace-removed';
  /** The data of an immutable ConfigMap or Secret (`immutable: true`) changed, or it was made mutable again. */
  public static readonly IMMUTABLE_DATA_CHANGED = 'guard/immutable-data-changed';
  /** A RoleBinding's or ClusterRoleBinding's roleRef changed: immutable. */
  public static readonly ROLE_REF_CHANGED = 'guard/role-ref-changed';

  /** Every rule id, in the order of the documentation. */
  public static readonly ALL: string[] = [
    ChangeRule.CLAIM_REMOVED, ChangeRule.CLAIM_RENAMED, ChangeRule.CLAIM_SHRUNK, ChangeRule.CLAIM_STORAGE_CLASS_CHANGED,
    ChangeRule.CLAIM_ACCESS_MODES_CHANGED, ChangeRule.CLAIM_SPEC_CHANGED,
    ChangeRule.CLAIM_TEMPLATE_REMOVED, ChangeRule.CLAIM_TEMPLATE_ADDED, ChangeRule.CLAIM_TEMPLATE_RENAMED, ChangeRule.CLAIM_TEMPLATE_CHANGED,
    ChangeRule.STATEFULSET_REMOVED, ChangeRule.STATEFULSET_RENAMED, ChangeRule.STATEFULSET_SERVICE_NAME_CHANGED,
    ChangeRule.STATEFULSET_POD_MANAGEMENT_CHANGED, ChangeRule.SELECTOR_CHANGED, ChangeRule.REPLICAS_REMOVED, ChangeRule.DEPLOYMENT_REPLACED,
    ChangeRule.SERVICE_PODS_REPLACED,
    ChangeRule.JOB_TEMPLATE_CHANGED, ChangeRule.JOB_SPEC_CHANGED,
    ChangeRule.SERVICE_CLUSTER_IP_CHANGED, ChangeRule.SERVICE_IP_FAMILY_CHANGED, ChangeRule.SERVICE_LOAD_BALANCER_CLASS_CHANGED,
    ChangeRule.SERVICE_LOAD_BALANCER_RELEASED, ChangeRule.NAMESPACE_CHANGED, ChangeRule.NAMESPACE_REMOVED, ChangeRule.IMMUTABLE_DATA_CHANGED,
    ChangeRule.ROLE_REF_CHANGED,
  ];

  private constructor() {}
}

/**
 * A deliberate change, acknowledged: its finding is reported as acknowledged and does not fail the guard.
 *
 * Without `kind`, `namespace` and `name`, it acknowledges every finding of the rule.
 */
export interface ChangeAcknowledgement {
  /** The rule, e.g. `guard/claim-template-changed` (`ChangeRule.CLAIM_TEMPLATE_CHANGED`). */
  readonly rule: string;
  /**
   * The kind of the resource, e.g. `StatefulSet`.
   *
   * @default - any kind
   */
  readonly kind?: string;
  /**
   * The namespace of the resource (for a renamed or moved one, its new namespace).
   *
   * @default - any namespace
   */
  readonly namespace?: string;
  /**
   * The name of the resource (for a removed one, its name in the baseline; for a renamed one, its new name).
   *
   * @default - any name
   */
  readonly name?: string;
  /** Why the change is deliberate, e.g. `claims expanded by hand; StatefulSet re-created with --cascade=orphan`. Required. */
  readonly reason: string;
}

/**
 * Options of {@link ChangeGuard.compare}.
 */
export interface ChangeGuardOptions {
  /**
   * Deliberate changes (beside the `cdk8s-appflow/acknowledge-change` annotations of the new manifests).
   *
   * @default - none
   */
  readonly acknowledge?: ChangeAcknowledgement[];

  /**
   * The least severity of an unacknowledged finding that fails (`failing: true`).
   *
   * @default ChangeSeverity.ERROR
   */
  readonly failOn?: ChangeSeverity;
}

/**
 * One dangerous change between the baseline and the new manifests.
 */
export interface ChangeFinding {
  /** The rule, e.g. `guard/claim-removed`. */
  readonly rule: string;
  /** How serious it is. */
  readonly severity: ChangeSeverity;
  /** The apiVersion of the resource. */
  readonly apiVersion: string;
  /** The kind of the resource. */
  readonly kind: string;
  /**
   * The namespace of the resource (for a renamed or moved one, as it is in the new manifests).
   *
   * @default - none in the manifest
   */
  readonly namespace?: string;
  /** The name of the resource: as it is in the new manifests, or in the baseline when it is gone. */
  readonly name: string;
  /** The resource in one line, e.g. `apps/v1 StatefulSet shop/mysql`. */
  readonly resource: string;
  /** The field that changed, e.g. `spec.volumeClaimTemplates[data].spec.resources.requests.storage`. */
  readonly field: string;
  /**
   * The value in the baseline.
   *
   * @default - not set, or not a single value
   */
  readonly before?: string;
  /**
   * The value in the new manifests.
   *
   * @default - not set, or not a single value
   */
  readonly after?: string;
  /** What would happen if the change were applied. */
  readonly consequence: string;
  /** How to proceed. */
  readonly remedy: string;
  /** Whether an acknowledgement covers it. */
  readonly acknowledged: boolean;
  /**
   * The reason of the acknowledgement.
   *
   * @default - not acknowledged
   */
  readonly reason?: string;
  /** Whether it fails the guard: not acknowledged, and at least as severe as `failOn`. */
  readonly failing: boolean;
  /** Everything above in one text. */
  readonly message: string;
}
