/**
 * A least-privilege rule of RBAC that one application relaxes on purpose, with a reason (see {@link RelaxedAccess}).
 *
 * Each relaxation is named, with its reason, in the `cdk8s-appflow/exempt` annotation of the RBAC objects that need
 * it, as an exemption from the validation plugin's rule of the same name (`rbac/<relaxation>`), so that reviewers and
 * the plugin's report see it.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
export enum AccessRelaxation {
  /**
   * `*` in the verbs, the resources or the API groups of a rule: it grants what exists and whatever is added later
   * (new verbs, resources, CRDs). Plugin rule `rbac/wildcard`.
   */
  WILDCARD = 'wildcard',
  /**
   * The verbs `escalate`, `bind` or `impersonate`: they let the application grant itself, or act with, permissions it
   * does not hold. Plugin rule `rbac/escalating-verbs`.
   */
  ESCALATING_VERBS = 'escalating-verbs',
  /**
   * Reading Secrets (`get`, `list`, `watch`, and `update` or `patch`, which answer with the whole Secret) without naming
   * them: every Secret of the namespace, or of the cluster, with the passwords and tokens of every application. Plugin
   * rule `rbac/secrets-read`.
   */
  SECRETS_READ = 'secrets-read',
  /**
   * Binding the ClusterRole `cluster-admin`, `admin` or `edit` (or `system:aggregate-to-admin` or
   * `system:aggregate-to-edit`, of which those are made): they grant nearly everything, Secrets included.
   * Plugin rule `rbac/broad-role`.
   */
  BROAD_ROLE = 'broad-role',
  /**
   * Creating pods, or the workloads that make them (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
   * ReplicationControllers), or running commands in pods (`pods/exec`, `pods/attach`): a pod of the application's
   * making may run as any ServiceAccount of the namespace and mount any of its Secrets, ConfigMaps and claims, so the
   * application holds all of them. Plugin rule `rbac/workload-creation`.
   *
   * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
   */
  WORKLOAD_CREATION = 'workload-creation',
  /**
   * The resources that let the application gain permissions beyond its own without an escalating verb: requesting
   * tokens of ServiceAccounts (`serviceaccounts/token`), the kubelet's API (`nodes/proxy`), creating PersistentVolumes
   * (a hostPath of any node path), relabelling namespaces (their Pod Security level), writing admission webhook
   * configurations, approving or signing certificates. Plugin rule `rbac/escalating-resources`.
   *
   * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
   */
  ESCALATING_RESOURCES = 'escalating-resources',
}

/**
 * A least-privilege rule relaxed on purpose, and why.
 */
export interface RelaxedAccess {
  /** The rule relaxed. */
  readonly relaxation: AccessRelaxation;

  /**
   * Why the application needs it: shown to reviewers in the annotation of the RBAC objects and in the validation
   * plugin's report. One line, without `;`.
   */
  readonly reason: string;
}
