/**
 * Variant (b): the same applications written by hand, as a cdk8s user without this library would: cdk8s-plus-34
 * constructs (Deployment, Service, Ingress, PersistentVolumeClaim, HorizontalPodAutoscaler), the L1 classes
 * (`KubePodDisruptionBudget`, and the imported Prometheus operator `ServiceMonitor` and `PrometheusRule`), and JSON
 * patches where cdk8s-plus does not write a field the way the manifests need it.
 *
 * Written by reading the YAML of one application of variant (a): the very same objects, so that the bench compares
 * like with like (the bench and test/bench check it). The Deployment sits at the construct path
 * `<app>/Release/Workload/Resource`, as in (a), because cdk8s-plus derives the pod label `cdk8s.io/metadata.addr`
 * from the construct path.
 */
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { appName, chartIdOf, hostOf, IMAGE, Layout, NAMESPACE, ONE_CHART_ID } from './params';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr, ServiceMonitor } from '../../imports/monitoring.coreos.com';

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s' };
const PROMETHEUS_LABELS = { release: 'kube-prometheus-stack' };
/** The annotations that keep a claim (and its data) when a GitOps tool or Helm would prune it. */
const KEEP_CLAIM = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'helm.sh/resource-policy': 'keep',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

/** The objects of one web application. */
export class HandWrittenWebApp extends Construct {
  constructor(scope: Construct, name: string) {
    super(scope, name);
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const labels = { ...selector, ...MANAGED_BY, 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': '2.3.1' };
    const namespace = Chart.of(this).namespace ?? 'default';

    // Storage: one claim, shared by every replica (ReadWriteMany).
    const claim = new kplus.PersistentVolumeClaim(this, 'Claim', {
      metadata: { name: `${name}-uploads`, labels, annotations: KEEP_CLAIM },
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      storage: Size.gibibytes(10),
      volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
    });

    // The read-only root filesystem needs a scratch /tmp.
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp');

    // The Deployment: restricted Pod Security profile, no replicas (the autoscaler sets them).
    // cdk8s-plus labels the pods with a hash of the Deployment's construct path (`cdk8s.io/metadata.addr`): the
    // path of (a), `<app>/Release/Workload/Resource`, gives the same label.
    const deployment = new kplus.Deployment(new Construct(new Construct(this, 'Release'), 'Workload'), 'Resource', {
      metadata: { name, labels },
      podMetadata: { labels, annotations: { 'cdk8s-appflow/security-profile': 'restricted' } },
      select: false,
      minReady: Duration.seconds(0),
      progressDeadline: Duration.minutes(10),
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.percent(25),
      }),
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, fsGroup: 10001, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ALWAYS },
      containers: [{
        name,
        image: IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
        },
        securityContext: { ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
        volumeMounts: [
          { path: '/tmp', volume: tmp },
          { path: '/srv/uploads', volume: kplus.Volume.fromPersistentVolumeClaim(this, 'Uploads', claim, { name: 'uploads', readOnly: false }) },
        ],
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: selector }));
    const workload = ApiObject.of(deployment);
    workload.addJsonPatch(
      JsonPatch.add('/spec/revisionHistoryLimit', 10),
      // cdk8s-plus writes the probe's timings and a port number; the probe checks the named port only. (The L1
      // reads int-or-string fields of the patched JSON through `.value`, hence `IntOrString` in the patches.)
      JsonPatch.add('/spec/template/spec/containers/0/readinessProbe', { httpGet: { path: '/ready', port: kplus.k8s.IntOrString.fromString('http') } }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [{
        labelSelector: { matchLabels: selector },
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
      }]),
    );

    new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
      metadata: { name, labels },
      target: deployment,
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });

    new kplus.k8s.KubePodDisruptionBudget(this, 'Budget', {
      metadata: { name, labels },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });

    const service = new kplus.Service(this, 'Service', {
      metadata: { name, labels },
      selector: deployment,
      ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }],
    });
    const svc = ApiObject.of(service);
    // cdk8s-plus writes target ports as numbers: target the container ports by name.
    svc.addJsonPatch(
      JsonPatch.replace('/spec/ports/0/targetPort', kplus.k8s.IntOrString.fromString('http')),
      JsonPatch.replace('/spec/ports/1/targetPort', kplus.k8s.IntOrString.fromString('metrics')),
      JsonPatch.replace('/spec/selector', selector),
    );

    const host = hostOf(name);
    const ingress = new kplus.Ingress(this, 'Ingress', {
      metadata: {
        name,
        labels,
        annotations: {
          'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
          'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
        },
      },
      className: 'nginx',
      tls: [{ hosts: [host], secret: kplus.Secret.fromSecretName(this, 'Tls', `${name}-tls`) }],
    });
    ingress.addHostRule(host, '/', kplus.IngressBackend.fromService(service, { port: 80 }), kplus.HttpIngressPathType.PREFIX);

    new ServiceMonitor(this, 'ServiceMonitor', {
      metadata: { name, labels: { ...labels, ...PROMETHEUS_LABELS } },
      spec: {
        endpoints: [{ interval: '30s', path: '/metrics', port: 'metrics', scrapeTimeout: '10s' }],
        namespaceSelector: { matchNames: [namespace] },
        selector: { matchLabels: selector },
      },
    });

    new PrometheusRule(this, 'Alerts', {
      metadata: { name: `${name}-alerts`, labels: { 'app.kubernetes.io/name': name, ...PROMETHEUS_LABELS } },
      spec: { groups: [{ name: `${name}.rules`, rules: alertRules(name, namespace) }] },
    });
  }
}

/** The alerts of a Deployment with a claim and a scraped Service. */
function alertRules(name: string, ns: string) {
  const alert = name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  const pods = `namespace="${ns}", pod=~"${name}-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}", container=~"${name}"`;
  const claims = `namespace="${ns}", persistentvolumeclaim=~"${name}-uploads"`;
  const deployment = `namespace="${ns}", deployment="${name}"`;
  const labels = (severity: string) => ({ application: name, namespace: ns, severity });
  const expr = (e: string) => PrometheusRuleSpecGroupsRulesExpr.fromString(e);
  return [
    {
      alert: `${alert}PodRestarting`,
      annotations: {
        description: `{{ $labels.pod }} of ${name} restarted {{ $value | printf "%.0f" }} times in 15 minutes (container {{ $labels.container }}, namespace ${ns}; more than 3 fires this alert).`,
        summary: `Containers of ${name} are restarting`,
      },
      expr: expr(`increase(kube_pod_container_status_restarts_total{${pods}}[15m]) > 3`),
      labels: labels('warning'),
    },
    {
      alert: `${alert}PodCrashLooping`,
      annotations: {
        description: `Container {{ $labels.container }} of {{ $labels.pod }} (${name}, namespace ${ns}) is waiting in CrashLoopBackOff: it keeps exiting soon after it starts.`,
        summary: `A container of ${name} is crash looping`,
      },
      expr: expr(`max by (pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", ${pods}}) == 1`),
      labels: labels('warning'),
    },
    {
      alert: `${alert}ReplicasUnavailable`,
      annotations: {
        description: `Deployment ${name} (${name}, namespace ${ns}) has had only {{ $value }} available replicas, fewer than desired, for 10 minutes.`,
        summary: `Deployment of ${name} has unavailable replicas`,
      },
      expr: expr(`kube_deployment_status_replicas_available{${deployment}} < kube_deployment_spec_replicas{${deployment}}`),
      for: '10m',
      labels: labels('critical'),
    },
    {
      alert: `${alert}VolumeFillingUp`,
      annotations: {
        description: `PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} of ${name} (namespace ${ns}) is {{ $value | humanizePercentage }} full, above 85%.`,
        summary: `A volume of ${name} is more than 85% full`,
      },
      expr: expr(`kubelet_volume_stats_used_bytes{${claims}} / kubelet_volume_stats_capacity_bytes{${claims}} > 0.85`),
      labels: labels('warning'),
    },
    {
      alert: `${alert}TargetDown`,
      annotations: {
        description: `Prometheus has not been able to scrape {{ $labels.instance }} (job {{ $labels.job }}) of ${name} (namespace ${ns}) for 5 minutes.`,
        summary: `A scrape target of ${name} is down`,
      },
      expr: expr(`up{namespace="${ns}", service="${name}"} == 0`),
      for: '5m',
      labels: labels('critical'),
    },
  ];
}

/** Adds `n` hand-written applications to the app, in one chart or one chart each. */
export function buildHandWritten(app: App, n: number, layout: Layout): void {
  if (layout === 'one-chart') {
    const chart = new Chart(app, ONE_CHART_ID, { namespace: NAMESPACE });
    for (let i = 0; i < n; i++) {
      new HandWrittenWebApp(chart, appName(i));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const name = appName(i);
      new HandWrittenWebApp(new Chart(app, chartIdOf(name), { namespace: NAMESPACE }), name);
    }
  }
}
