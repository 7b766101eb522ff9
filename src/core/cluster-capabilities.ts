/**
 * What a cluster has that manifests may need: the platform default `cluster` (see docs/prerequisites.md). Declared in
 * core/ because `PlatformDefaultValues` names it.
 */

/**
 * What the cluster that the manifests are applied to has: the custom resources its operators serve, its controllers
 * and the cluster objects they name, its namespaces. Each chart's objects are checked against it at synth: an object
 * that needs something the cluster does not have (a ServiceMonitor without the Prometheus operator's CRDs, an Ingress
 * of a class the cluster does not serve, a claim of a StorageClass it does not have) is a synth error, unless the app
 * itself makes what is needed (a Namespace, a CRD, an IngressClass...).
 *
 * Every field is optional: a field left out is unknown, and what it would list is not checked. Names of namespaced
 * objects are written `<namespace>/<name>`.
 *
 * @see https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/
 */
export interface ClusterCapabilities {
  /**
   * The custom resources that the cluster serves (its CRDs), each as `<group>/<Kind>`, e.g.
   * `monitoring.coreos.com/ServiceMonitor`, or `<group>/*` for every kind of the group, e.g. `keda.sh/*`.
   * Kubernetes' own APIs need not be listed.
   *
   * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
   * @default - unknown: custom resources are not checked
   */
  readonly customResources?: string[];

  /**
   * The namespaces that exist in the cluster before the manifests are applied (the namespaces that the app makes
   * need not be listed).
   *
   * @default - unknown: namespaces are not checked
   */
  readonly namespaces?: string[];

  /**
   * The IngressClasses of the cluster (`spec.ingressClassName` and the `kubernetes.io/ingress.class` annotation of
   * Ingresses), each served by its ingress controller.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
   * @default - unknown: ingress classes are not checked
   */
  readonly ingressClasses?: string[];

  /**
   * The GatewayClasses of the cluster (the `gatewayClassName` of Gateways that the manifests make).
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/gatewayclass/
   * @default - unknown: gateway classes are not checked
   */
  readonly gatewayClasses?: string[];

  /**
   * The Gateways that routes may attach to (`parentRefs` of HTTPRoutes, GRPCRoutes...), as `<namespace>/<name>`, e.g.
   * `gateway-system/public`.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
   * @default - unknown: gateways are not checked
   */
  readonly gateways?: string[];

  /**
   * The cert-manager ClusterIssuers of the cluster (the `cert-manager.io/cluster-issuer` annotation, a Certificate's
   * `issuerRef`).
   *
   * @see https://cert-manager.io/docs/concepts/issuer/
   * @default - unknown: cluster issuers are not checked
   */
  readonly clusterIssuers?: string[];

  /**
   * The cert-manager Issuers of the cluster (the `cert-manager.io/issuer` annotation, a Certificate's `issuerRef`), as
   * `<namespace>/<name>`.
   *
   * @see https://cert-manager.io/docs/concepts/issuer/
   * @default - unknown: issuers are not checked
   */
  readonly issuers?: string[];

  /**
   * The ClusterSecretStores of the External Secrets Operator that ExternalSecrets may read from.
   *
   * @see https://external-secrets.io/latest/api/clustersecretstore/
   * @default - unknown: cluster secret stores are not checked
   */
  readonly clusterSecretStores?: string[];

  /**
   * The SecretStores of the External Secrets Operator that ExternalSecrets may read from, as `<namespace>/<name>`.
   *
   * @see https://external-secrets.io/latest/api/secretstore/
   * @default - unknown: secret stores are not checked
   */
  readonly secretStores?: string[];

  /**
   * The KEDA ClusterTriggerAuthentications that the triggers of ScaledObjects and ScaledJobs may name.
   *
   * @see https://keda.sh/docs/latest/concepts/authentication/
   * @default - unknown: cluster trigger authentications are not checked
   */
  readonly clusterTriggerAuthentications?: string[];

  /**
   * The KEDA TriggerAuthentications that the triggers of ScaledObjects and ScaledJobs may name (those the manifests
   * do not make), as `<namespace>/<name>`.
   *
   * @see https://keda.sh/docs/latest/concepts/authentication/
   * @default - unknown: trigger authentications are not checked
   */
  readonly triggerAuthentications?: string[];

  /**
   * The StorageClasses of the cluster (the `storageClassName` of PersistentVolumeClaims and of StatefulSets' claim
   * templates).
   *
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
   * @default - unknown: storage classes are not checked
   */
  readonly storageClasses?: string[];

  /**
   * The RuntimeClasses of the cluster (the `runtimeClassName` of pods).
   *
   * @see https://kubernetes.io/docs/concepts/containers/runtime-class/
   * @default - unknown: runtime classes are not checked
   */
  readonly runtimeClasses?: string[];

  /**
   * The PriorityClasses of the cluster (the `priorityClassName` of pods), besides `system-cluster-critical` and
   * `system-node-critical`, which every cluster has.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - unknown: priority classes are not checked
   */
  readonly priorityClasses?: string[];

  /**
   * Whether the cluster runs a Prometheus blackbox exporter, which Probes (monitoring.coreos.com) send their requests
   * through (`spec.prober.url`).
   *
   * @see https://github.com/prometheus/blackbox_exporter
   * @default - unknown: Probes are not checked for it
   */
  readonly runsBlackboxExporter?: boolean;

  /**
   * Whether the cluster's Grafana runs its dashboard sidecar, which loads the dashboards of ConfigMaps (by their
   * labels, e.g. `grafana_dashboard: "1"`).
   *
   * @see https://github.com/grafana/helm-charts/tree/main/charts/grafana#sidecar-for-dashboards
   * @default - unknown: dashboard ConfigMaps are not checked for it
   */
  readonly runsGrafanaDashboardSidecar?: boolean;
}
