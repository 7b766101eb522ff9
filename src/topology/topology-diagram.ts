import { Chart } from 'cdk8s';
import { topologyPictureOf } from './picture';
import { PlatformDefaults } from '../core/platform-defaults';

/**
 * What a topology diagram shows beyond the objects and their main connections.
 */
export interface TopologyDiagramOptions {
  /**
   * Show the ConfigMaps and Secrets that pods read: mounted as volumes (also through projected volumes), as
   * environment variables (`env[].valueFrom`, `envFrom`), and the Secrets they pull images with (also those of their
   * ServiceAccount), as edges from the workload (and dashed boxes for those that are not in the chart).
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#configmap
   * @default true
   */
  readonly configVolumes?: boolean;

  /**
   * Show the Grafana dashboard ConfigMaps (those with every label of `dashboardLabels`): a line of the side node of the
   * application that their `app.kubernetes.io/name` label names (a node with an edge to its workloads when the
   * application has none). When `false`, they are left out.
   *
   * @default true
   */
  readonly dashboards?: boolean;

  /**
   * The labels that mark a ConfigMap as a Grafana dashboard.
   *
   * @see https://github.com/grafana/helm-charts/tree/main/charts/grafana#sidecar-for-dashboards
   * @default - `TopologyDiagram.ofChart()` and synth: the chart's `dashboardLabels` platform default;
   * `TopologyDiagram.ofManifests()`: `{ grafana_dashboard: '1' }`
   */
  readonly dashboardLabels?: { [key: string]: string };

  /**
   * Show the NetworkPolicies, with an edge to each workload whose pods they select and an edge from each peer they let
   * in. When `false`, they are left out.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default true
   */
  readonly networkPolicies?: boolean;
}

/**
 * A picture of what a chart is made of and how it connects, as a Mermaid flowchart in Markdown, framed by namespace
 * and by application: public hosts → Ingress or route (with the paths and the share of each release track) → Service
 * → workloads → claims, host paths, and the ConfigMaps and Secrets the pods read; the connections between workloads
 * that the works-when-applied checks prove (crossed when a NetworkPolicy blocks them), and who each NetworkPolicy lets
 * in; workloads → the ServiceAccount they run as → its bindings → their roles (with their rules in a few words); secret
 * stores → ExternalSecrets → the Secrets they make. What scales, guards or watches a workload or Service (its replicas,
 * autoscaler, disruption budget, monitors) is a line of its text; alert rules, dashboards and probes are lines of the
 * application's side node. Names only: never a Secret's data.
 *
 * Built from the synthesized manifests, so it shows every object of the chart, whoever made it. The text is stable
 * (sorted, no timestamps) and has one node, frame boundary or edge per line, so that a pull request shows a change of
 * shape as a diff. GitHub and GitLab render the diagram. Above 40,000 characters or 400 edges in one Mermaid block
 * (Mermaid stops at 50,000 and 500), the Markdown holds an overview of the applications and the flows between them,
 * then one block per application.
 *
 * Synth writes it for every chart that holds a cdk8s-appflow application, as `<chart>.topology.md` in the side files'
 * folder, unless the platform default `topologyDiagram` is `false`; it warns when the picture is split.
 *
 * @see https://mermaid.js.org/syntax/flowchart.html
 * @example
 * const markdown = TopologyDiagram.ofChart(chart);
 */
export class TopologyDiagram {
  /**
   * The picture of a chart: its manifests (`chart.toJson()`), titled with the chart's path.
   *
   * @param chart the chart
   * @param options what to show
   */
  public static ofChart(chart: Chart, options: TopologyDiagramOptions = {}): string {
    const dashboardLabels = options.dashboardLabels ?? PlatformDefaults.peek(chart).dashboardLabels ?? {};
    return TopologyDiagram.ofManifests(chart.toJson(), chart.node.path || chart.node.id, { ...options, dashboardLabels });
  }

  /**
   * The picture of manifests given as JSON objects (e.g. `Yaml.load()` of a synthesized file).
   *
   * @param manifests Kubernetes objects, each with a `kind` and a `metadata.name`
   * @param title what the heading names, e.g. the chart
   * @param options what to show
   * @throws when `manifests` is not a list of Kubernetes objects, or the title is empty
   */
  public static ofManifests(manifests: any[], title: string, options: TopologyDiagramOptions = {}): string {
    return topologyPictureOf(manifests, title, options).markdown;
  }

  private constructor() {}
}
