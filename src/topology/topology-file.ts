import { Chart } from 'cdk8s';
import { TopologyDiagram } from './topology-diagram';
import { AppIdentity } from '../core/app-identity';
import { PlatformDefaults } from '../core/platform-defaults';

/*
 * The topology picture of a chart as the synthesis writes it beside the chart's YAML (`<chart>.topology.md`):
 * `AppSynthesis` calls it for each chart; nothing here writes a file or changes a cdk8s object.
 */

/**
 * The Markdown of the chart's topology picture, or undefined when the chart gets none: it holds no cdk8s-appflow
 * application (no `AppIdentity` of its own), or its platform default `topologyDiagram` is false.
 *
 * @param manifests the chart's manifests, as synthesized
 */
export function topologyFileOf(chart: Chart, manifests: any[]): string | undefined {
  if (!chart.node.findAll().some((c) => c instanceof AppIdentity && Chart.of(c) === chart)) {
    return undefined;
  }
  // Read at synthesis without marking the scopes as read: a default set later applies to the next synthesis.
  const defaults = PlatformDefaults.peek(chart);
  if (defaults.topologyDiagram === false) {
    return undefined;
  }
  return TopologyDiagram.ofManifests(manifests, chart.node.path || chart.node.id, { dashboardLabels: defaults.dashboardLabels ?? {} });
}
