import * as path from 'path';
import { ApiObject, Chart, ChartProps, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ConfigFiles, ContainerImage, NodeDaemon, PlatformDefaults, SecurityRelaxation, StorageVolume } from 'cdk8s-appflow';

/**
 * A log agent on every node: Fluent Bit as a `NodeDaemon` (a DaemonSet that tolerates every taint, control-plane
 * nodes included), which reads the containers' log files of its node, adds the pods' metadata from the Kubernetes
 * API, and ships the records to Loki. Its configuration is a ConfigMap made from the files in `config/`; its
 * metrics are scraped by a PodMonitor, and its readiness is Fluent Bit's health endpoint.
 *
 * What it needs from the node, and why the pods meet no Pod Security profile but `privileged`:
 *
 * - The log files are on the node: `/var/log` (with `/var/log/pods`, where containerd and CRI-O write the containers'
 *   logs, and the `/var/log/containers` links to them) is mounted read-only, and `/var/lib/fluent-bit` read-write
 *   for the read positions, so that a new pod resumes where the last one stopped. Node paths (hostPath) break the
 *   baseline profile: `SecurityRelaxation.HOST_PATH`, an explicit opt-in.
 * - The container runtimes write the log files as root, mode 0640: only root (or the root group) reads them. The
 *   agent runs as root: `SecurityRelaxation.RUN_AS_ROOT`, which breaks the restricted profile (the baseline profile
 *   is broken by the node paths already). The rest of the restricted hardening stays: every capability dropped
 *   (root reads the files it owns without any), no privilege escalation, a read-only root filesystem, the
 *   RuntimeDefault seccomp profile.
 * - Its Namespace therefore enforces `privileged`, and no other application should share it.
 *
 * The pods name their profile and both relaxations in the `cdk8s-appflow/security-profile` and
 * `cdk8s-appflow/security-relaxations` annotations, for reviewers and policy checks.
 */
export class LogAgentChart extends Chart {
  public readonly config: ConfigFiles;
  public readonly agent: NodeDaemon;
  public readonly serviceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'log-agent', ...props });

    // The label that kube-prometheus-stack's Prometheus selects PodMonitors and PrometheusRules by.
    PlatformDefaults.set(this, { prometheusSelectorLabels: { release: 'kube-prometheus-stack' } });

    // The Namespace, labelled to enforce `privileged`: the only profile that admits the agent's pods. Made here,
    // first, rather than with the pattern's `createNamespace`, so that it comes before the ServiceAccount (made
    // before the agent, which runs under it) in the manifests, and one `kubectl apply` of the file makes both.
    const namespace = new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: this.namespace!,
        labels: {
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
        },
      },
    });
    clusterScoped(namespace);

    // The Kubernetes filter reads the pods and namespaces of the node's log files from the API.
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: { name: 'log-agent' }, automountToken: false });
    const reader = new kplus.ClusterRole(this, 'PodReader', { metadata: { name: 'log-agent' } });
    reader.allowRead(kplus.ApiResource.PODS, kplus.ApiResource.NAMESPACES);
    const binding = new kplus.ClusterRoleBinding(this, 'PodReaderBinding', { metadata: { name: 'log-agent' }, role: reader });
    binding.addSubjects(this.serviceAccount);
    clusterScoped(reader);
    clusterScoped(binding);

    this.agent = new NodeDaemon(this, 'Agent', {
      name: 'log-agent',
      version: '3.0.4',
      component: 'logging',
      image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4'),
      ports: [{ name: 'metrics', number: 2020 }],
      command: ['/fluent-bit/bin/fluent-bit'],
      args: ['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.conf'],
      env: {
        NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
        // Loki as the grafana/loki chart installs it (release `loki` in the namespace `loki`).
        LOKI_HOST: kplus.EnvValue.fromValue('loki-gateway.loki.svc.cluster.local'),
        LOKI_PORT: kplus.EnvValue.fromValue('80'),
      },
      resources: {
        cpuRequest: kplus.Cpu.millis(50),
        memoryRequest: Size.mebibytes(64),
        memoryLimit: Size.mebibytes(256),
      },
      // Root, to read the log files (see above); and node paths, read-only unless said otherwise.
      runAsUser: 0,
      runAsGroup: 0,
      relax: [SecurityRelaxation.HOST_PATH, SecurityRelaxation.RUN_AS_ROOT],
      hostPaths: [
        { name: 'varlog', hostPath: '/var/log' },
        { name: 'state', hostPath: '/var/lib/fluent-bit', writable: true, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE },
      ],
      tolerateAllTaints: true,
      serviceAccount: this.serviceAccount,
      // The Kubernetes filter authenticates with the ServiceAccount's token.
      mountServiceAccountToken: true,
      monitoring: {
        defaultProbes: { readinessPath: '/api/v1/health' },
        metrics: { portName: 'metrics', path: '/api/v2/metrics/prometheus' },
      },
    });
    // The configuration: a ConfigMap of the files in config/ (read at synth), mounted beside the image's own files
    // (parsers.conf). A change in the files changes the pods' config checksum, and so rolls the agent.
    this.config = new ConfigFiles(this, 'Config', { name: 'log-agent-config', directory: path.join(__dirname, 'config'), identity: this.agent.identity });
    StorageVolume.fromConfigMap('config', this.config.configMap).mountIn(this.agent.daemonWorkload, '/fluent-bit/etc/conf');

    for (const access of [this.serviceAccount, reader, binding]) {
      this.agent.identity.applyTo(access);
    }
  }
}

/** Cluster-scoped objects have no namespace (cdk8s gives every object of the chart the chart's). */
function clusterScoped(construct: Construct): void {
  ApiObject.of(construct).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}
