import { ApiObject, Chart, Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkManifests, CheckInput, CheckResult } from './engine';
import { ClusterComponents, ManifestFile } from './types';
import { chartObjects } from '../core/chart-objects';
import { PlatformDefaults } from '../core/platform-defaults';
import { KubernetesApis } from '../testing/kubernetes-apis';

/*
 * The plugin's checks in process, on the charts of an app: for tests (`checkCharts`) and for `AppSynthesis.synth`.
 */

/**
 * Where the cluster's components run, from the platform defaults of a scope: the ingress controller in
 * `ingressControllerNamespace`, the Gateway's data plane in `gatewayNamespace` (when not given, the flows take the
 * ingress controller's), Prometheus and the blackbox exporter in `monitoringNamespace` (the blackbox exporter of a
 * Probe whose prober address names an in-cluster Service is found from that address anyway).
 */
export function clusterOf(scope: IConstruct): ClusterComponents {
  const defaults = PlatformDefaults.peek(scope);
  return {
    ...(defaults.ingressControllerNamespace ? { ingressController: { namespace: defaults.ingressControllerNamespace } } : {}),
    ...(defaults.gatewayNamespace ? { gateway: { namespace: defaults.gatewayNamespace } } : {}),
    ...(defaults.monitoringNamespace
      ? { prometheus: { namespace: defaults.monitoringNamespace }, blackboxExporter: { namespace: defaults.monitoringNamespace } }
      : {}),
  };
}

/**
 * The manifests of charts as the plugin reads them: one file per chart (`<chart>.k8s.yaml`), each object with its
 * construct path.
 *
 * @param objects the chart's objects when they are found already (core/chart-objects.ts)
 * @param manifests their manifests when they are made already (`toJson()` of each object, in that order)
 */
export function manifestFileOf(chart: Chart, objects: readonly ApiObject[] = chartObjects(chart),
  manifests: readonly unknown[] = objects.map((o) => o.toJson())): ManifestFile {
  return {
    file: `${Names.toDnsLabel(chart)}.k8s.yaml`,
    documents: manifests,
    constructPaths: manifests.length === objects.length ? objects.map((o) => o.node.path) : undefined,
  };
}

/**
 * Checks the manifests of charts against the rules of the validation plugin, as `cdk8s synth` would with the plugin
 * configured — the works-when-applied rules across all the charts together. For tests:
 *
 * ```ts
 * const result = checkCharts([web, db]);
 * expect(result.findings.filter((f) => !f.exemption)).toEqual([]);
 * ```
 *
 * @param input the plugin's settings; `cluster` defaults to what the charts' platform defaults say (see clusterOf),
 * `kubernetesVersion` to the first chart's target (platform default `kubernetesVersion`), `kubernetesApis` to the
 * definitions built into the package (without them, as in the library's own sources, the api-versions rules do not run)
 */
export function checkCharts(charts: readonly Chart[], input: CheckInput = {}): CheckResult {
  const cluster = input.cluster ?? mergedCluster(charts);
  const kubernetesVersion = input.kubernetesVersion ?? (charts.length > 0 ? PlatformDefaults.peek(charts[0]).kubernetesVersion : undefined);
  const kubernetesApis = input.kubernetesApis ?? KubernetesApis.bundled();
  return checkManifests(charts.map((chart) => {
    // chart.toJson() validates the app and makes the dependencies between objects explicit first, as a synthesis does.
    const manifests = chart.toJson();
    return manifestFileOf(chart, chartObjects(chart), manifests);
  }), { ...input, cluster, kubernetesVersion, kubernetesApis });
}

/** The components the charts' platform defaults name (the first chart that names one wins). */
export function mergedCluster(charts: readonly Chart[]): ClusterComponents {
  const result: { -readonly [K in keyof ClusterComponents]: ClusterComponents[K] } = {};
  for (const chart of charts) {
    const cluster = clusterOf(chart);
    result.ingressController ??= cluster.ingressController;
    result.gateway ??= cluster.gateway;
    result.prometheus ??= cluster.prometheus;
    result.blackboxExporter ??= cluster.blackboxExporter;
  }
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
}
