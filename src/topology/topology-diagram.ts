import { Chart } from 'cdk8s';
import { IDENTITY_KINDS, NodeShape, topologyOf, TopologyGraph, TopologyNode } from './graph';
import { describeValue } from '../core/errors';
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
   * Show the Grafana dashboard ConfigMaps (those with every label of `dashboardLabels`), with an edge to the
   * workloads of the application that their `app.kubernetes.io/name` label names. When `false`, they are left out.
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
   * Show the NetworkPolicies, with an edge to each workload whose pods they select. When `false`, they are left out.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default true
   */
  readonly networkPolicies?: boolean;
}

/** The heading of the picture's Markdown file starts with this. */
const HEADING = '# Topology of ';

const SOLID = 'Solid arrows: traffic, and the storage and configuration that pods use.';
/** What solid arrows are when the picture shows the ServiceAccounts that pods run as, their bindings and roles. */
const SOLID_WITH_IDENTITY = 'Solid arrows: traffic, the storage and configuration that pods use, and the ServiceAccount they run as with its bindings and roles.';
const DOTTED_AND_DASHED = 'Dotted arrows: what scrapes, probes, alerts on, charts, scales, guards or restricts. '
  + 'Dashed boxes: referenced, but not in this chart.';

/**
 * A picture of what a chart is made of and how it connects, as a Mermaid flowchart in Markdown: published URLs →
 * Ingress or route → Service → workloads (both tracks of a blue/green or canary release) → claims, and the ConfigMaps
 * and Secrets the pods read; workloads → the ServiceAccount they run as → its bindings → their roles (with their rules
 * in a few words); secret stores → ExternalSecrets → the Secrets they make; monitors, probes, alert rules, dashboards,
 * autoscalers, disruption budgets and network policies → what they watch or act on. Names only: never a Secret's data.
 *
 * Built from the synthesized manifests, so it shows every object of the chart, whoever made it. The text is stable
 * (sorted, no timestamps) and has one node or edge per line, so that a pull request shows a change of shape as a
 * diff. GitHub and GitLab render the diagram.
 *
 * Synth writes it for every chart that holds a cdk8s-appflow application, as `<chart>.topology.md` beside
 * `<chart>.k8s.yaml`, unless the platform default `topologyDiagram` is `false`.
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
    checkInput(manifests, title);
    const graph = topologyOf(manifests, {
      configVolumes: options.configVolumes ?? true,
      dashboards: options.dashboards ?? true,
      dashboardLabels: { ...(options.dashboardLabels ?? { grafana_dashboard: '1' }) },
      networkPolicies: options.networkPolicies ?? true,
    });
    const objects = manifests.length === 1 ? '1 object' : `${manifests.length} objects`;
    return [
      `${HEADING}${title.replace(/\s+/g, ' ').trim()}`,
      '',
      `Generated by cdk8s-appflow from the synthesized manifests (${objects}); do not edit.`,
      '',
      '```mermaid',
      ...mermaidOf(graph),
      '```',
      '',
      `${showsIdentity(graph) ? SOLID_WITH_IDENTITY : SOLID} ${DOTTED_AND_DASHED}`,
      '',
    ].join('\n');
  }

  private constructor() {}
}

function checkInput(manifests: unknown, title: unknown): void {
  const accepted = 'a list of Kubernetes objects, each with a kind and a metadata.name (e.g. chart.toJson())';
  if (!Array.isArray(manifests)) {
    throw new Error(`invalid manifests ${describeValue(manifests)}: it is not a list. Expected ${accepted}.`);
  }
  manifests.forEach((m, i) => {
    const problem = m === null || typeof m !== 'object' || Array.isArray(m) ? 'it is not an object'
      : typeof m.kind !== 'string' || m.kind === '' ? 'it has no kind'
        : typeof m.metadata?.name !== 'string' || m.metadata.name === '' ? 'it has no metadata.name'
          : undefined;
    if (problem) {
      throw new Error(`invalid manifests[${i}] ${describeValue(m)}: ${problem}. Expected ${accepted}.`);
    }
  });
  if (typeof title !== 'string' || title.trim() === '') {
    throw new Error(`invalid title ${describeValue(title)}: it is empty. Expected what the heading names, e.g. the chart's name.`);
  }
}

/** Whether an edge of the picture leads to or from a ServiceAccount, a role or a binding. */
function showsIdentity(graph: TopologyGraph): boolean {
  const identity = new Set(graph.nodes.filter((n) => IDENTITY_KINDS.has(n.kind)).map((n) => n.key));
  return graph.edges.some((e) => identity.has(e.from) || identity.has(e.to));
}

/** The flowchart, one line per node, subgraph boundary, edge and class assignment. */
function mermaidOf(graph: TopologyGraph): string[] {
  const ids = idsOf(graph.nodes);
  const byId = (a: TopologyNode, b: TopologyNode) => compare(ids.get(a.key)!, ids.get(b.key)!);
  const nodeLine = (n: TopologyNode) => `${ids.get(n.key)}${shapeOf(n.shape, escapeLabel(n.label))}`;
  const lines = ['flowchart LR'];
  if (graph.nodes.length === 0) {
    lines.push('  %% no objects');
  }
  const namespaces = [...new Set(graph.nodes.filter((n) => n.kind !== 'URL' && n.namespace !== '').map((n) => n.namespace))].sort(compare);
  const grouped = namespaces.length > 1;
  const outside = graph.nodes.filter((n) => !grouped || n.kind === 'URL' || n.namespace === '').sort(byId);
  lines.push(...outside.map((n) => `  ${nodeLine(n)}`));
  if (grouped) {
    for (const namespace of namespaces) {
      lines.push(`  subgraph namespace_${sanitize(namespace)}["${escapeLabel(`namespace ${namespace}`)}"]`);
      lines.push(...graph.nodes.filter((n) => n.kind !== 'URL' && n.namespace === namespace).sort(byId).map((n) => `    ${nodeLine(n)}`));
      lines.push('  end');
    }
  }
  const edges = graph.edges
    .map((e) => ({ from: ids.get(e.from)!, to: ids.get(e.to)!, label: e.label, control: e.control }))
    .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.label ?? '', b.label ?? '') || Number(a.control) - Number(b.control));
  for (const e of edges) {
    const arrow = e.control ? '-.->' : '-->';
    lines.push(`  ${e.from} ${arrow}${e.label === undefined ? '' : `|"${escapeLabel(e.label)}"|`} ${e.to}`);
  }
  const external = graph.nodes.filter((n) => n.external).map((n) => ids.get(n.key)!).sort(compare);
  if (external.length > 0) {
    lines.push('  classDef external stroke-dasharray: 5 5');
    lines.push(...external.map((id) => `  class ${id} external`));
  }
  return lines;
}

/**
 * Node ids: kind, namespace and name with every character outside `[A-Za-z0-9_]` replaced by `_`; when two nodes
 * come out the same (`a-b` and `a.b`), the later one by key gets `_2`, `_3`, ...
 */
function idsOf(nodes: TopologyNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of [...nodes].sort((a, b) => compare(a.key, b.key))) {
    const base = sanitize([n.kind, n.namespace, n.name].filter((p) => p !== '').join('_'));
    let id = base;
    for (let i = 2; taken.has(id); i++) {
      id = `${base}_${i}`;
    }
    taken.add(id);
    ids.set(n.key, id);
  }
  return ids;
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

function shapeOf(shape: NodeShape, label: string): string {
  switch (shape) {
    case NodeShape.STADIUM:
      return `(["${label}"])`;
    case NodeShape.CYLINDER:
      return `[("${label}")]`;
    default:
      return `["${label}"]`;
  }
}

const ENTITIES: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '[': '#91;',
  ']': '#93;',
  '(': '#40;',
  ')': '#41;',
  '{': '#123;',
  '}': '#125;',
  '|': '#124;',
  '`': '#96;',
};

/** A label inside `"..."`: Mermaid's entity codes for the characters it would read as syntax, no line breaks. */
function escapeLabel(label: string): string {
  return label.replace(/\s+/g, ' ').replace(/[#"<>[\](){}|`]/g, (c) => ENTITIES[c]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
