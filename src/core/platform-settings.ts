import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ClusterCapabilities } from './cluster-capabilities';
import { IImageLock } from './image-lock-source';
import { KubernetesVersion } from './kubernetes-version';
import { MonitoringMode } from './monitoring-mode';
import { GatewayReference, PublishMode, TlsIssuer } from './publish-settings';
import { SecretStoreRef } from './secret-store-ref';
import { SecurityProfile } from './security-profile';
import { WorkloadIdentity } from './workload-identity';

/**
 * The defaults and policies that a platform team sets once for everything under an App, a Chart or any
 * other construct. Every setting is optional; a setting left out is inherited from the scopes above.
 */
export interface PlatformDefaultValues {
  /**
   * The Kubernetes version of the cluster the manifests are for. The strict validator and the validation plugin check
   * the objects against that version's API definitions (and report APIs it removed or deprecated); features newer than
   * 1.27 are used where the target has them (native sidecars from 1.29, the `sleep` action of `preStopDelay` from
   * 1.30) and refused with the version they need where it does not. See docs/versions.md.
   *
   * @see https://kubernetes.io/releases/
   * @default KubernetesVersion.V1_27
   */
  readonly kubernetesVersion?: KubernetesVersion;

  /**
   * The registry that short image names are pulled from, e.g. `registry.example.com` or
   * `registry.example.com:5000/mirror`.
   *
   * @default - short names are pulled from Docker Hub, as the container runtime does
   */
  readonly imageRegistry?: string;

  /**
   * The registries that images may come from; an image from any other registry is refused at synth.
   * A nearer scope replaces the list of a farther one (the lists are not merged).
   *
   * @default - images from any registry are accepted
   */
  readonly allowedImageRegistries?: string[];

  /**
   * Refuse images that are not pinned by digest (`image@sha256:...`).
   *
   * @default false
   */
  readonly requireImageDigest?: boolean;

  /**
   * Refuse images tagged `latest` or not tagged at all (which means `latest`).
   *
   * @default false - such images are accepted, with a warning (see `Warnings.of()`)
   */
  readonly forbidLatestImageTag?: boolean;

  /**
   * The image lock that logical image names (`ContainerImage.fromLock('shop-api')`) are resolved from:
   * set it per environment to promote the same built images unchanged.
   *
   * @default - no lock: a logical image name is refused unless a lock is given with it
   */
  readonly imageLock?: IImageLock;

  /**
   * Pull Secrets (of type `kubernetes.io/dockerconfigjson`, by name, in each application's namespace) that the pods of
   * every pattern name in `imagePullSecrets`, besides their own `pullSecrets`. A nearer scope replaces the list.
   *
   * @see https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * Taints that the pods of every workload and pattern tolerate, before their own `tolerations` (e.g. the taint of the
   * platform's dedicated node pool). A nearer scope replaces the list.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   * @default - none
   */
  readonly tolerations?: kplus.k8s.Toleration[];

  /**
   * Whether every pattern makes a ServiceAccount of its own for its application (`AppServiceAccount`, named after it,
   * its token not mounted), as if each were given `access: {}`. An application given `serviceAccount` keeps that one.
   *
   * @default false - an application runs as the namespace's default ServiceAccount unless it asks for `access`
   */
  readonly serviceAccountPerApplication?: boolean;

  /**
   * The cloud identity of the ServiceAccounts that the patterns and `AppServiceAccount` make, unless they are given
   * their own: a template where `{name}` and `{namespace}` stand for the application's name and namespace, e.g.
   * `WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/{namespace}-{name}' })` (one role per application).
   *
   * @default - no workload identity
   */
  readonly workloadIdentity?: WorkloadIdentity;

  /**
   * The SecretStore or ClusterSecretStore of the External Secrets Operator that `ExternalSecretSource` and
   * `RegistryCredentials.fromExternalSecret` read from when they name none.
   *
   * @see https://external-secrets.io/latest/api/secretstore/
   * @default - none: each ExternalSecret names its store
   */
  readonly secretStore?: SecretStoreRef;

  /**
   * The IngressClass of published applications (`spec.ingressClassName`).
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
   * @default - no class: the cluster's default IngressClass serves the Ingress
   */
  readonly ingressClassName?: string;

  /**
   * Whether applications are published with an Ingress or a Gateway API HTTPRoute.
   *
   * @default PublishMode.INGRESS
   */
  readonly publishMode?: PublishMode;

  /**
   * The Gateway that HTTPRoutes attach to.
   *
   * @default - none: a route must name its Gateway
   */
  readonly gateway?: GatewayReference;

  /**
   * The namespace of the ingress controller (or Gateway), which network policies let reach the applications'
   * published ports.
   *
   * @default - no such namespace: network policies allow the ingress controller only when told
   */
  readonly ingressControllerNamespace?: string;

  /**
   * The namespace of the Gateway's data plane: the proxies that send the traffic of HTTPRoutes and GRPCRoutes to
   * their backends (Envoy Gateway's run in `envoy-gateway-system`, not in the Gateway object's namespace). Network
   * policies of applications published by route let it reach the published ports, and the works-when-applied checks
   * prove it. Set it when the Gateway's proxies and the ingress controller run in different namespaces.
   *
   * @see https://gateway-api.sigs.k8s.io/concepts/api-overview/#gateway
   * @default - ingressControllerNamespace
   */
  readonly gatewayNamespace?: string;

  /**
   * The namespace of the monitoring stack (Prometheus, the blackbox exporter), which network policies let reach
   * the applications' metrics ports.
   *
   * @default - no such namespace: network policies allow monitoring only when told
   */
  readonly monitoringNamespace?: string;

  /**
   * The cert-manager issuer that signs TLS certificates for published hosts.
   *
   * @see https://cert-manager.io/docs/usage/ingress/
   * @default - no issuer: TLS needs a Secret named by the application
   */
  readonly tlsIssuer?: TlsIssuer;

  /**
   * The StorageClass of persistent volume claims.
   *
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
   * @default - no class: the cluster's default StorageClass provisions the claims
   */
  readonly storageClassName?: string;

  /**
   * What the cluster has: the custom resources its operators serve, its ingress and gateway classes, issuers, secret
   * stores, storage, runtime and priority classes, namespaces, blackbox exporter and Grafana dashboard sidecar. At synth,
   * each chart that it applies to is checked against it: an object that needs something the cluster does not have
   * (and that the app does not make) fails the synthesis, with one error per missing prerequisite of the chart. Set it
   * on the App or on a Chart (a chart is applied to one cluster). What a field leaves out is not checked.
   *
   * @see https://github.com/cdk8s-appflow/cdk8s-appflow/blob/main/docs/prerequisites.md
   * @default - unknown: nothing is checked
   */
  readonly cluster?: ClusterCapabilities;

  /**
   * The CPU request of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no CPU request
   */
  readonly cpuRequest?: kplus.Cpu;

  /**
   * The CPU limit of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no CPU limit
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * The memory request of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no memory request
   */
  readonly memoryRequest?: Size;

  /**
   * The memory limit of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no memory limit
   */
  readonly memoryLimit?: Size;

  /**
   * The Pod Security Standards profile that pods are made to meet.
   *
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   * @default SecurityProfile.RESTRICTED
   */
  readonly securityProfile?: SecurityProfile;

  /**
   * How Prometheus finds the applications' metrics.
   *
   * @default - no scraping is configured unless an application asks for it
   */
  readonly monitoringMode?: MonitoringMode;

  /**
   * The labels that the cluster's Prometheus selects ServiceMonitors, PodMonitors, Probes and PrometheusRules by
   * (its `serviceMonitorSelector`, ...), e.g. `{ release: 'kube-prometheus-stack' }`.
   *
   * @default - no such labels (a Prometheus that selects every monitor)
   */
  readonly prometheusSelectorLabels?: { [key: string]: string };

  /**
   * The address (host:port) of the blackbox exporter that probes Services and published URLs, e.g.
   * `blackbox-exporter.monitoring.svc:9115`.
   *
   * @see https://github.com/prometheus/blackbox_exporter
   * @default - none: black-box probes need an address given with them
   */
  readonly blackboxExporterAddress?: string;

  /**
   * The blackbox exporter module that probes HTTP(S) endpoints.
   *
   * @default "http_2xx"
   */
  readonly blackboxModule?: string;

  /**
   * The URL of the runbook of an alert, with `{alert}`, `{application}` and `{namespace}` replaced, e.g.
   * `https://runbooks.example.com/{alert}`.
   *
   * @default - no runbook URL in the alerts
   */
  readonly runbookUrlTemplate?: string;

  /**
   * The labels of the dashboard ConfigMaps, which Grafana's dashboard sidecar picks up.
   *
   * @default { grafana_dashboard: '1' }
   */
  readonly dashboardLabels?: { [key: string]: string };

  /**
   * Whether synth writes a topology picture of each chart that holds a cdk8s-appflow application: a Mermaid
   * diagram of its objects and how they connect, as `<chart>.topology.md` beside the chart's `<chart>.k8s.yaml`.
   * Read when the diagram is written (at synth).
   * Switching the setting off means `false`: no diagram is written.
   *
   * @see https://mermaid.js.org/syntax/flowchart.html
   * @default true
   */
  readonly topologyDiagram?: boolean;

  /**
   * Whether synth writes the published URLs of each application (its Ingress and route hosts and paths) to
   * `urls/<application>.txt` in the side files folder (`AppSynthesis.sideFilesDirOf`), one URL per line, for a pipeline's smoke test. Read when the
   * files are written (at synth). Switching the setting off means `false`: no URL file is written for the
   * publications in that scope. Thousands of small files cost time: an app that does not smoke-test its URLs can
   * switch them off.
   *
   * @default true
   */
  readonly publishedUrlFiles?: boolean;
}

/**
 * The name of one platform default, to switch it off in a scope.
 */
export enum PlatformSetting {
  /** {@link PlatformDefaultValues.imageRegistry} */
  IMAGE_REGISTRY = 'imageRegistry',
  /** {@link PlatformDefaultValues.allowedImageRegistries} */
  ALLOWED_IMAGE_REGISTRIES = 'allowedImageRegistries',
  /** {@link PlatformDefaultValues.requireImageDigest} */
  REQUIRE_IMAGE_DIGEST = 'requireImageDigest',
  /** {@link PlatformDefaultValues.forbidLatestImageTag} */
  FORBID_LATEST_IMAGE_TAG = 'forbidLatestImageTag',
  /** {@link PlatformDefaultValues.imageLock} */
  IMAGE_LOCK = 'imageLock',
  /** {@link PlatformDefaultValues.imagePullSecrets} */
  IMAGE_PULL_SECRETS = 'imagePullSecrets',
  /** {@link PlatformDefaultValues.tolerations} */
  TOLERATIONS = 'tolerations',
  /** {@link PlatformDefaultValues.serviceAccountPerApplication} */
  SERVICE_ACCOUNT_PER_APPLICATION = 'serviceAccountPerApplication',
  /** {@link PlatformDefaultValues.workloadIdentity} */
  WORKLOAD_IDENTITY = 'workloadIdentity',
  /** {@link PlatformDefaultValues.secretStore} */
  SECRET_STORE = 'secretStore',
  /** {@link PlatformDefaultValues.ingressClassName} */
  INGRESS_CLASS_NAME = 'ingressClassName',
  /** {@link PlatformDefaultValues.publishMode} */
  PUBLISH_MODE = 'publishMode',
  /** {@link PlatformDefaultValues.gateway} */
  GATEWAY = 'gateway',
  /** {@link PlatformDefaultValues.ingressControllerNamespace} */
  INGRESS_CONTROLLER_NAMESPACE = 'ingressControllerNamespace',
  /** {@link PlatformDefaultValues.gatewayNamespace} */
  GATEWAY_NAMESPACE = 'gatewayNamespace',
  /** {@link PlatformDefaultValues.monitoringNamespace} */
  MONITORING_NAMESPACE = 'monitoringNamespace',
  /** {@link PlatformDefaultValues.tlsIssuer} */
  TLS_ISSUER = 'tlsIssuer',
  /** {@link PlatformDefaultValues.storageClassName} */
  STORAGE_CLASS_NAME = 'storageClassName',
  /** {@link PlatformDefaultValues.cluster}: switching it off means unknown (nothing is checked). */
  CLUSTER = 'cluster',
  /** {@link PlatformDefaultValues.cpuRequest} */
  CPU_REQUEST = 'cpuRequest',
  /** {@link PlatformDefaultValues.cpuLimit} */
  CPU_LIMIT = 'cpuLimit',
  /** {@link PlatformDefaultValues.memoryRequest} */
  MEMORY_REQUEST = 'memoryRequest',
  /** {@link PlatformDefaultValues.memoryLimit} */
  MEMORY_LIMIT = 'memoryLimit',
  /**
   * {@link PlatformDefaultValues.securityProfile}: switching it off means `SecurityProfile.PRIVILEGED`
   * (no profile is enforced).
   */
  SECURITY_PROFILE = 'securityProfile',
  /** {@link PlatformDefaultValues.monitoringMode} */
  MONITORING_MODE = 'monitoringMode',
  /** {@link PlatformDefaultValues.prometheusSelectorLabels} */
  PROMETHEUS_SELECTOR_LABELS = 'prometheusSelectorLabels',
  /** {@link PlatformDefaultValues.blackboxExporterAddress} */
  BLACKBOX_EXPORTER_ADDRESS = 'blackboxExporterAddress',
  /** {@link PlatformDefaultValues.blackboxModule} */
  BLACKBOX_MODULE = 'blackboxModule',
  /** {@link PlatformDefaultValues.runbookUrlTemplate} */
  RUNBOOK_URL_TEMPLATE = 'runbookUrlTemplate',
  /** {@link PlatformDefaultValues.dashboardLabels} */
  DASHBOARD_LABELS = 'dashboardLabels',
  /**
   * {@link PlatformDefaultValues.topologyDiagram}: switching it off means `false` (no topology diagram is written).
   */
  TOPOLOGY_DIAGRAM = 'topologyDiagram',
  /**
   * {@link PlatformDefaultValues.publishedUrlFiles}: switching it off means `false` (no `urls/<application>.txt`
   * is written).
   */
  PUBLISHED_URL_FILES = 'publishedUrlFiles',
  /**
   * {@link PlatformDefaultValues.kubernetesVersion}: switching it off means the built-in `KubernetesVersion.V1_27`.
   */
  KUBERNETES_VERSION = 'kubernetesVersion',
}

/**
 * Platform defaults to set on a scope: values, and settings to switch off.
 */
export interface PlatformDefaultsProps extends PlatformDefaultValues {
  /**
   * Settings that are switched off in this scope: whatever a scope above set for them does not apply
   * here and below (a nearer scope may set them again).
   *
   * @default - nothing is switched off
   */
  readonly switchOff?: PlatformSetting[];
}
