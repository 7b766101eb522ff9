import { Severity } from './types';

/** What a rule checks, as the report and docs/validation.md show it. */
export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  /**
   * `pod-security` (the Pod Security Standards), `best-practice`, `rbac` (least privilege of Roles, ClusterRoles and
   * their bindings), `works-when-applied` (the objects of the app work together on a cluster: names, traffic,
   * monitoring, Jobs), `api-versions` (the objects fit the API of the target Kubernetes version), `cluster` (the cluster
   * has what the objects need, as the `cluster` property declares it), or `plugin` (the plugin's own input).
   */
  readonly family: 'pod-security' | 'best-practice' | 'rbac' | 'works-when-applied' | 'api-versions' | 'cluster' | 'plugin';
  /** What the rule asks for, and why. */
  readonly recommendation: string;
  /** How to comply, in general (each finding says how to fix its occurrence). */
  readonly fix: string;
  /** The equivalent checks of kube-score, Polaris and kube-linter, or the standard the rule comes from. */
  readonly sources: string;
}

const PSS = 'Pod Security Standards of Kubernetes 1.27';

function podSecurity(id: string, recommendation: string, fix: string): RuleInfo {
  return { id, severity: 'error', family: 'pod-security', recommendation, fix, sources: `${PSS}, ${id.split('/')[0]} profile` };
}

/**
 * Every rule of the plugin, Pod Security Standards first. The ids of the Pod Security rules are those of
 * `PodSecurity` (src/testing/pod-security.ts), which implements them.
 */
export const RULES: readonly RuleInfo[] = [
  podSecurity('baseline/host-process', 'Windows HostProcess containers have full access to the node.',
    'remove securityContext.windowsOptions.hostProcess'),
  podSecurity('baseline/host-namespaces', 'Sharing the node\'s network, PID or IPC namespace gives the pod access to the node\'s processes and traffic.',
    'remove hostNetwork, hostPID and hostIPC (or set them to false)'),
  podSecurity('baseline/privileged', 'Privileged containers have every capability and access to the node\'s devices.',
    'remove securityContext.privileged or set it to false'),
  podSecurity('baseline/capabilities', 'Capabilities beyond the baseline list (such as NET_ADMIN or SYS_ADMIN) let a container act on the node.',
    'add only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID or SYS_CHROOT'),
  podSecurity('baseline/host-path-volumes', 'hostPath volumes expose the node\'s filesystem to the pod.',
    'use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead'),
  podSecurity('baseline/host-ports', 'Host ports bind the node\'s network interfaces and limit where the pod can be scheduled.',
    'remove hostPort (or set it to 0) and expose the port through a Service'),
  podSecurity('baseline/host-probes', 'From Kubernetes 1.34, a host in a probe or a lifecycle hook is refused: the kubelet would send requests to any host.',
    'remove host from the httpGet or tcpSocket of the probe or hook (the kubelet then reaches the pod\'s own IP)'),
  podSecurity('baseline/apparmor', 'Overriding or disabling the default AppArmor profile weakens the container\'s confinement.',
    'use runtime/default or localhost/<profile> in the AppArmor annotation, or remove it'),
  podSecurity('baseline/selinux', 'Custom SELinux users, roles and types escape the container\'s confinement.',
    'remove seLinuxOptions.user and .role; set seLinuxOptions.type only to container_t, container_init_t or container_kvm_t'),
  podSecurity('baseline/proc-mount', 'An unmasked /proc exposes the node\'s kernel settings.',
    'remove securityContext.procMount or set it to Default'),
  podSecurity('baseline/seccomp', 'An Unconfined seccomp profile lets the container make every system call.',
    'set seccompProfile.type: RuntimeDefault (or Localhost)'),
  podSecurity('baseline/sysctls', 'Sysctls outside the safe set change the node\'s kernel for every pod on it.',
    'set only kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range or net.ipv4.ip_local_reserved_ports'),
  podSecurity('restricted/volume-types', 'The restricted profile allows only volume types that do not reach the node or the network storage directly.',
    'use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes'),
  podSecurity('restricted/privilege-escalation', 'A process must not gain more privileges than its parent (setuid binaries).',
    'set securityContext.allowPrivilegeEscalation: false on every container'),
  podSecurity('restricted/run-as-non-root', 'Containers must not run as root.',
    'set runAsNonRoot: true in the pod securityContext (or in every container\'s), and use an image that runs as a non-root user'),
  podSecurity('restricted/run-as-user', 'Containers must not set their user to root (UID 0).',
    'set a non-zero runAsUser, or remove runAsUser'),
  podSecurity('restricted/seccomp', 'Every container must run under a seccomp profile.',
    'set seccompProfile.type: RuntimeDefault (or Localhost) in the pod securityContext'),
  podSecurity('restricted/capabilities', 'Containers must drop every capability and may add back only NET_BIND_SERVICE.',
    'set securityContext.capabilities.drop: ["ALL"] on every container; add only NET_BIND_SERVICE'),
  {
    id: 'container-resources',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'Every container sets CPU and memory requests (what the scheduler reserves) and a memory limit (what it may use before it is killed), so that one pod cannot starve its neighbours.',
    fix: 'set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container and init container',
    sources: 'kube-score container-resources; Polaris cpuRequestsMissing, memoryRequestsMissing, memoryLimitsMissing; kube-linter unset-cpu-requirements, unset-memory-requirements',
  },
  {
    id: 'image-tag-pinned',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'Every image names a version (a tag other than latest, or a digest), so that what runs is what was reviewed and a restart does not upgrade it.',
    fix: 'pin the image to a version tag or a digest (image:1.2.3 or image@sha256:...)',
    sources: 'kube-score container-image-tag; Polaris tagNotSpecified; kube-linter latest-tag',
  },
  {
    id: 'readiness-probe',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'A container that serves a port a Service targets has a readiness probe, so that the Service sends traffic only to pods that are ready.',
    fix: 'add a readinessProbe to the container that serves the Service\'s target port',
    sources: 'kube-score pod-probes; Polaris readinessProbeMissing; kube-linter no-readiness-probe',
  },
  {
    id: 'min-replicas',
    severity: 'warning',
    family: 'best-practice',
    recommendation: 'The pods behind a Service run at least two replicas, so that the Service survives a node going down or a pod being evicted.',
    fix: 'set replicas: 2 or more (or minReplicas: 2 or more on the HorizontalPodAutoscaler that scales the workload)',
    sources: 'Polaris deploymentMissingReplicas; kube-linter minimum-three-replicas (here: two, counting every track behind the Service)',
  },
  {
    id: 'pod-disruption-budget',
    severity: 'warning',
    family: 'best-practice',
    recommendation: 'A replicated workload behind a Service has a PodDisruptionBudget that allows some disruption, so that node drains keep enough pods running and still make progress.',
    fix: 'add a PodDisruptionBudget in the same namespace whose selector matches the pod template labels, with maxUnavailable: 1 (or a minAvailable below the replicas)',
    sources: 'kube-score deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget; Polaris missingPodDisruptionBudget, pdbDisruptionsIsZero; kube-linter pdb-max-unavailable',
  },
  {
    id: 'topology-spread',
    severity: 'warning',
    family: 'best-practice',
    recommendation: 'A replicated workload behind a Service spreads its pods across nodes, so that one node going down does not take every replica.',
    fix: 'add a topologySpreadConstraint on kubernetes.io/hostname (or a podAntiAffinity term) whose labelSelector matches the pod template labels',
    sources: 'kube-score deployment-has-host-podantiaffinity, statefulset-has-host-podantiaffinity; Polaris topologySpreadConstraint; kube-linter no-anti-affinity',
  },
  {
    id: 'selector-matches-labels',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'A workload\'s selector matches the labels of its own pod template (the API server refuses it otherwise, at apply time).',
    fix: 'make spec.selector match spec.template.metadata.labels (use the stable labels only: never the version)',
    sources: 'kube-score deployment-pod-selector-labels-match-template-metadata-labels; kube-linter mismatching-selector',
  },
  {
    id: 'service-selects-pods',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'A Service with a selector selects pods of the manifests (in its namespace), and they serve each named target port; otherwise it routes to nothing.',
    fix: 'make the Service\'s selector match the pod template labels of a workload in its namespace, and name a container port of those pods in targetPort',
    sources: 'kube-score service-targets-pod; kube-linter dangling-service',
  },
  {
    id: 'ingress-backend-service',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'An Ingress (or Gateway API HTTPRoute or GRPCRoute) sends traffic to a Service of the manifests in its namespace, on a port that Service has.',
    fix: 'name an existing Service of the same namespace in the backend, and one of its ports (by number or name)',
    sources: 'kube-score ingress-targets-service; kube-linter dangling-ingress',
  },
  {
    id: 'duplicate-env',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'A container sets each environment variable once: with duplicates, the last one wins silently and server-side apply refuses the object.',
    fix: 'remove the duplicate env entries, keeping the one you mean',
    sources: 'kube-linter duplicate-env-var',
  },
  {
    id: 'secret-in-env',
    severity: 'error',
    family: 'best-practice',
    recommendation: 'Passwords, tokens and keys are not written into the manifests as literal env values (anyone who can read the Deployment, or the repository, can read them).',
    fix: 'put the value in a Secret and use env[].valueFrom.secretKeyRef (or envFrom.secretRef)',
    sources: 'kube-linter env-var-secret',
  },
  {
    id: 'cronjob-starting-deadline',
    severity: 'warning',
    family: 'best-practice',
    recommendation: 'A CronJob sets startingDeadlineSeconds: a run that could not start in time is skipped, and after 100 missed schedules without a deadline the CronJob stops scheduling.',
    fix: 'set spec.startingDeadlineSeconds on the CronJob (e.g. a fraction of the schedule\'s period)',
    sources: 'kube-score cronjob-has-deadline',
  },
  {
    id: 'job-ttl',
    severity: 'warning',
    family: 'best-practice',
    recommendation: 'A Job sets ttlSecondsAfterFinished, so that finished Jobs and their pods are cleaned up (a CronJob\'s Jobs are cleaned up by its history limits).',
    fix: 'set spec.ttlSecondsAfterFinished on the Job',
    sources: 'Kubernetes TTL-after-finished controller',
  },
  {
    id: 'rbac/wildcard',
    severity: 'error',
    family: 'rbac',
    recommendation: 'A Role or ClusterRole names its verbs, API groups and resources: "*" grants everything that exists and whatever is added later (new verbs, resources and CRDs), Secrets, escalate, bind and impersonate included.',
    fix: 'replace "*" with the verbs, API groups and resources the subject needs',
    sources: 'CIS Kubernetes Benchmark 5.1.3 (minimize wildcard use in Roles and ClusterRoles); kube-linter wildcard-in-rules',
  },
  {
    id: 'rbac/escalating-verbs',
    severity: 'error',
    family: 'rbac',
    recommendation: 'A Role or ClusterRole grants neither escalate, bind nor impersonate: they let the subject write or bind Roles beyond its own permissions, or act as another user, group or ServiceAccount.',
    fix: 'remove the verbs escalate, bind and impersonate (exempt the object, with the reason, for a controller that manages RBAC)',
    sources: 'CIS Kubernetes Benchmark 5.1.8 (limit use of the bind, impersonate and escalate permissions); Kubernetes RBAC good practices',
  },
  {
    id: 'rbac/secrets-read',
    severity: 'error',
    family: 'rbac',
    recommendation: 'A Role or ClusterRole reads Secrets (get, list, watch, and update or patch, whose responses carry the whole Secret) only by name: without resourceNames it reads every Secret of the namespace, or of every namespace, with the passwords, tokens and keys of every application.',
    fix: 'name the Secrets in resourceNames, or give them to the pods through env or a volume, which needs no RBAC',
    sources: 'CIS Kubernetes Benchmark 5.1.2 (minimize access to secrets); kube-linter access-to-secrets',
  },
  {
    id: 'rbac/broad-role',
    severity: 'error',
    family: 'rbac',
    recommendation: 'No RoleBinding or ClusterRoleBinding binds the ClusterRole cluster-admin, admin or edit (or system:aggregate-to-admin or '
      + 'system:aggregate-to-edit, of which those are made): they grant nearly everything, Secrets included (cluster-admin on every namespace when bound '
      + 'cluster-wide).',
    fix: 'bind a narrower ClusterRole (such as view) or a Role with the rules the subject needs',
    sources: 'CIS Kubernetes Benchmark 5.1.1 (cluster-admin only where required); kube-linter cluster-admin-role-binding',
  },
  {
    id: 'rbac/workload-creation',
    severity: 'error',
    family: 'rbac',
    recommendation: 'A Role or ClusterRole does not create pods, the workloads that make them (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, '
      + 'ReplicationControllers) or commands in pods (pods/exec, pods/attach; update or patch of pods/ephemeralcontainers): such a pod may run as any '
      + 'ServiceAccount of the namespace and mount any of its Secrets, so the subject holds them all.',
    fix: 'remove create on those resources, or exempt the object with the reason (a CI runner, an operator that starts pods)',
    sources: 'CIS Kubernetes Benchmark 5.1.4 (minimize access to create pods); Kubernetes RBAC good practices (workload creation)',
  },
  {
    id: 'rbac/escalating-resources',
    severity: 'error',
    family: 'rbac',
    recommendation: 'A Role or ClusterRole does not grant what gains permissions beyond its own without an escalating verb: create of '
      + 'serviceaccounts/token (a token of any ServiceAccount), get or create of nodes/proxy (the kubelet\'s API), create of persistentvolumes (a hostPath '
      + 'of any node path), update or patch of namespaces (their Pod Security labels), writing mutating or validating webhook configurations, approving '
      + 'or signing certificates (certificatesigningrequests/approval, signers).',
    fix: 'remove the grant, or exempt the object with the reason (the component of the platform that needs it)',
    sources: 'Kubernetes RBAC good practices (privilege escalation risks: token request, nodes/proxy, persistent volume creation, namespace modification, '
      + 'admission webhooks, CSRs and certificate issuing); CIS Kubernetes Benchmark 5.1.8 (bind, impersonate, escalate) and 5.1.13 (serviceaccounts/token)',
  },
  {
    id: 'object-unique',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'Every object of the app has its own API group, kind, namespace and name: two different objects with the same identity are one object on the cluster, and the one applied last overwrites the other (two applications of one name, or one named like another\'s derived object).',
    fix: 'give one of the two objects another name (for an application: another name, which renames its derived objects too) or another namespace',
    sources: 'this plugin (kubectl apply, Argo CD and Flux apply one object per identity)',
  },
  {
    id: 'namespace-admits-pods',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'The pods of every workload meet the Pod Security level that a Namespace of the manifests enforces for their namespace (its pod-security.kubernetes.io/enforce label, at its enforce-version): admission refuses the others, so a Deployment runs no pod and a Job never starts. The pods\' own exemptions of the pod-security rules do not count: admission does not read them.',
    fix: 'make the pods meet the level, or label the Namespace with the least strict level of its pods',
    sources: 'Kubernetes Pod Security Admission (pod-security.kubernetes.io/enforce and enforce-version labels of a Namespace)',
  },
  {
    id: 'flow/ingress',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'The ingress controller (properties.cluster.ingressController) reaches the pods behind every Ingress backend, and the Gateway\'s data plane (properties.cluster.gateway, by default the ingress controller) those behind every HTTPRoute and GRPCRoute backend: each NetworkPolicy that isolates those pods admits it on the container port.',
    fix: 'add an ingress rule to the NetworkPolicy that admits the namespace (and pods) of the ingress controller, or of the Gateway\'s data plane for a route, on the container port the Service targets',
    sources: 'this plugin (NetworkPolicy semantics of networking.k8s.io/v1)',
  },
  {
    id: 'flow/prometheus',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'Prometheus (properties.cluster.prometheus) reaches every port that a ServiceMonitor, a PodMonitor or a prometheus.io/scrape annotation scrapes: otherwise the targets are down and the alerts on them fire.',
    fix: 'add an ingress rule to the NetworkPolicy that admits Prometheus\' namespace (and pods) on the metrics port',
    sources: 'this plugin (NetworkPolicy semantics of networking.k8s.io/v1)',
  },
  {
    id: 'flow/blackbox',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'The blackbox exporter (properties.cluster.blackboxExporter, or the in-cluster Service of a Probe\'s prober.url) reaches every in-cluster target of a Probe: otherwise the probe fails and its alert fires for ever.',
    fix: 'add an ingress rule to the NetworkPolicy that admits the blackbox exporter\'s namespace (and pods) on the probed port',
    sources: 'this plugin (NetworkPolicy semantics of networking.k8s.io/v1)',
  },
  {
    id: 'flow/connection',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'A pod reaches every in-cluster Service address in its environment (<service>.<namespace>.svc..., the port from the address or a <PREFIX>_PORT beside <PREFIX>_HOST): the ingress rules of the target pods and the egress rules of the client pods admit it, and DNS when egress is restricted.',
    fix: 'add an ingress rule to the target\'s NetworkPolicy that admits the client pods on the container port (and an egress rule to the client\'s, when it restricts egress)',
    sources: 'this plugin (NetworkPolicy semantics of networking.k8s.io/v1)',
  },
  {
    id: 'address-resolves',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'An in-cluster Service address in a pod\'s environment names a Service of the manifests, when the manifests hold its namespace: a misspelt or renamed Service does not resolve.',
    fix: 'correct the address to a Service of the manifests, or exempt the object when the Service is made elsewhere',
    sources: 'this plugin',
  },
  {
    id: 'job-completes',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'A Job completes when every regular container of its pod has exited: a sidecar that serves (a proxy, a log shipper) never exits, and the Job runs for ever.',
    fix: 'make the sidecar exit when the main container is done and declare it (annotation cdk8s-appflow/exits-on-its-own), run it as a native sidecar (Kubernetes 1.29+), or move its work into the main container',
    sources: 'Kubernetes Job completion; native sidecar containers (KEP-753)',
  },
  {
    id: 'one-autoscaler',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'A Deployment or StatefulSet is scaled by one autoscaler: a HorizontalPodAutoscaler and a KEDA ScaledObject (for which KEDA makes a HorizontalPodAutoscaler of its own), or two of either, set its replicas in turn, and the count flaps between what each asks for.',
    fix: 'put every metric in one HorizontalPodAutoscaler, or every trigger (cpu and memory included) in one ScaledObject, and delete the other autoscaler',
    sources: 'KEDA (a ScaledObject manages its own HPA; its admission webhook refuses a second ScaledObject, not an HPA); Kubernetes HorizontalPodAutoscaler',
  },
  {
    id: 'route-unique',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'Two Ingresses of one ingress class, or two HTTPRoutes on one Gateway listener, do not claim the same host and path: ingress-nginx refuses the second Ingress, and otherwise the oldest object wins, so one application never gets its traffic and its published URL reaches the other (an ingress-nginx canary Ingress, and a route match on a header, a query parameter or a method, are not counted).',
    fix: 'publish each application on a host or a path of its own, or route both from one Ingress or route',
    sources: 'ingress-nginx admission webhook (duplicate host and path); Gateway API route precedence (the oldest route wins a conflict)',
  },
  {
    id: 'canary-reached',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'The Service of a canary track (it selects the pods of cdk8s-appflow/track: canary, as a canary release by route weight or by ingress-nginx annotations makes it) is a backend of an Ingress, HTTPRoute or GRPCRoute of the manifests: otherwise no user reaches the canary, and its share of the traffic is applied by nothing (a canary of an application that is not published).',
    fix: 'publish the application (the pattern\'s publish, or an AppPublication of the release), or send traffic to the canary\'s Service from a route or Ingress of your own; exempt the Service when a router outside the manifests (a service mesh) sends it traffic',
    sources: 'this plugin (Gateway API backendRefs weights; ingress-nginx canary annotations)',
  },
  {
    id: 'probe-module',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'A blackbox Probe\'s module fits its targets: an http... module probes http:// or https:// URLs, a tcp... or grpc... module host:port; and an in-cluster Service port that it probes speaks the protocol (by its appProtocol, its name, the container port it targets or the probe that checks that port). Otherwise the probe fails for ever and its alert fires for nothing.',
    fix: 'use a module whose prober fits the target (http_2xx for URLs of HTTP ports, tcp_connect for host:port of other TCP ports, grpc for gRPC ports), with the target in its form',
    sources: 'blackbox exporter CONFIGURATION.md (probers and their targets); Kubernetes Service appProtocol; Istio protocol selection (port names)',
  },
  {
    id: 'probe-target-unique',
    severity: 'warning',
    family: 'works-when-applied',
    recommendation: 'A target is probed once per module and blackbox exporter, in one Probe or across the Probes of a namespace (URLs compared without case of scheme and host, default ports and trailing slashes): a second probe doubles the results and the alerts on them.',
    fix: 'remove the second target',
    sources: 'Prometheus operator Probe; blackbox exporter',
  },
  {
    id: 'monitor-selects',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'A ServiceMonitor selects Services of the manifests by their own labels, and each endpoint names a port they have; a PodMonitor selects pods and names a container port they declare — in the namespaces of the manifests that it looks in. Otherwise nothing is scraped, and nothing says so.',
    fix: 'make spec.selector (and spec.namespaceSelector) match the objects to scrape, and name a port they have',
    sources: 'Prometheus operator ServiceMonitor and PodMonitor (selector, namespaceSelector, endpoints, podMetricsEndpoints)',
  },
  {
    id: 'alert-matches',
    severity: 'error',
    family: 'works-when-applied',
    recommendation: 'The label matchers of an alert\'s selectors can match the series of what it watches: the pods (sample pod names of each controller), containers, namespaces and scrape jobs of the manifests, and every workload and scraped Service of the application the PrometheusRule is labelled with (every release track). An alert that matches nothing never fires.',
    fix: 'match the pod names, containers and jobs of every workload of the application (regular expressions match the whole value)',
    sources: 'Prometheus querying basics (label matchers, anchored RE2 expressions); Prometheus operator job labels; pint promql/series',
  },
  {
    id: 'version-label',
    severity: 'warning',
    family: 'works-when-applied',
    recommendation: 'The app.kubernetes.io/version label of a workload (or of its pod template) is the version of one of its images, so that dashboards, alerts and the change guard show what runs (a canary running web:2.4.0-rc1 is not 2.3.1). Images pinned only by a digest are not judged.',
    fix: 'set app.kubernetes.io/version to the tag of the image the workload runs',
    sources: 'Kubernetes recommended labels (app.kubernetes.io/version)',
  },
  {
    id: 'api-versions/removed',
    severity: 'error',
    family: 'api-versions',
    recommendation: 'Every object\'s apiVersion and kind is served by the target Kubernetes version (properties.kubernetesVersion): the API server refuses an object of an API it removed, or does not serve yet. Derived from the API definitions of every supported version.',
    fix: 'use the apiVersion that the target serves for the kind (the finding names it), converting the fields that changed',
    sources: 'Kubernetes deprecated API migration guide; pluto, kubent (here: derived from the OpenAPI definitions of Kubernetes 1.27 to 1.36)',
  },
  {
    id: 'api-versions/deprecated',
    severity: 'warning',
    family: 'api-versions',
    recommendation: 'No object uses an API that the target Kubernetes version marks deprecated in its definitions, or that a later version no longer serves: upgrading the cluster would break it.',
    fix: 'move to the apiVersion the finding names before the cluster is upgraded past the deprecated one',
    sources: 'Kubernetes deprecation policy; pluto, kubent (here: derived from the OpenAPI definitions of Kubernetes 1.27 to 1.36)',
  },
  {
    id: 'api-versions/schema',
    severity: 'error',
    family: 'api-versions',
    recommendation: 'Every object is valid against the target Kubernetes version\'s API definitions (a custom resource against its CRD: properties.crdFiles, or a CustomResourceDefinition of the manifests), with the API server\'s rules on names, labels and pod specs: unknown fields, missing required fields, wrong types and values are refused or dropped.',
    fix: 'correct the field the finding names (a field newer than the target needs a newer target)',
    sources: 'kubeconform -strict; the Kubernetes API server\'s validation',
  },
  {
    id: 'cluster-prerequisites',
    severity: 'error',
    family: 'cluster',
    recommendation: 'The cluster has what every object needs, as the cluster property declares it: the CRD of each custom resource (the Prometheus operator\'s, the Gateway API\'s, the External Secrets Operator\'s, KEDA\'s...), the IngressClasses, GatewayClasses, Gateways, cert-manager issuers, secret stores, trigger authentications, StorageClasses, RuntimeClasses and PriorityClasses the objects name, the namespaces they live in, a blackbox exporter for Probes and Grafana\'s dashboard sidecar for dashboard ConfigMaps — unless the manifests make them. A field the property leaves out is not checked.',
    fix: 'use what the cluster has, make what is missing in the manifests, or install it and declare it in the cluster property',
    sources: 'this plugin (docs/prerequisites.md)',
  },
  {
    id: 'exemption-invalid',
    severity: 'error',
    family: 'plugin',
    recommendation: 'An exemption annotation (or a declared security relaxation or profile) must be readable, name known rules and give a reason.',
    fix: 'write the annotation as cdk8s-appflow/exempt: "<rule-id>[,<rule-id>]: <reason>" (entries separated by ";"), with rule ids from docs/validation.md',
    sources: 'this plugin',
  },
  {
    id: 'manifest-readable',
    severity: 'error',
    family: 'plugin',
    recommendation: 'Every YAML file of the output parses.',
    fix: 'fix the YAML syntax of the file (or remove the file from the output directory)',
    sources: 'this plugin',
  },
];

/** The rules by id. */
export const RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));

/** The rules of the plugin itself, which can be neither disabled nor exempted. */
export const PLUGIN_RULES: readonly string[] = RULES.filter((r) => r.family === 'plugin').map((r) => r.id);

/** The rule info of an id (throws for an unknown id: a bug of the plugin). */
export function ruleInfo(id: string): RuleInfo {
  const info = RULES_BY_ID.get(id);
  if (!info) {
    throw new Error(`cdk8s-appflow validation: unknown rule id ${JSON.stringify(id)} (a bug of the plugin)`);
  }
  return info;
}

/**
 * Whether a rule pattern (`<id>`, `<prefix>/*` or `*`) covers a rule id.
 */
export function patternCovers(pattern: string, id: string): boolean {
  if (pattern === '*') {
    return true;
  }
  if (pattern.endsWith('/*')) {
    return id.startsWith(pattern.slice(0, -1));
  }
  return pattern === id;
}

/**
 * What is wrong with a rule pattern, or undefined when it names at least one rule (that is not one of the
 * plugin's own).
 */
export function rulePatternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || pattern.trim() === '') {
    return 'it is not a rule id';
  }
  const covered = RULES.filter((r) => r.family !== 'plugin' && patternCovers(pattern, r.id));
  if (covered.length === 0) {
    return PLUGIN_RULES.includes(pattern) ? 'the plugin\'s own rules cannot be disabled or exempted' : 'no rule has this id';
  }
  return undefined;
}

/** What a rule pattern may be, for error messages. */
export const RULE_PATTERNS_ACCEPTED = 'a rule id (see docs/validation.md: e.g. readiness-probe, restricted/seccomp), '
  + '"baseline/*", "restricted/*", "rbac/*", "flow/*", "api-versions/*" or "*"';
