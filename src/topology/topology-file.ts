import { Chart } from 'cdk8s';
import { topologyPictureOf } from './picture';
import { BUDGET_CHARACTERS, BUDGET_EDGES } from './render';
import { AppIdentity } from '../core/app-identity';
import { PlatformDefaults } from '../core/platform-defaults';
import { Warnings } from '../core/warnings';

/*
 * The topology picture of a chart as the synthesis writes it beside the chart's YAML (`<chart>.topology.md`):
 * `AppSynthesis` calls it for each chart; nothing here writes a file or changes a cdk8s object.
 */

/**
 * The Markdown of the chart's topology picture, or undefined when the chart gets none: it holds no cdk8s-appflow
 * application (no `AppIdentity` of its own), or its platform default `topologyDiagram` is false. When the picture is
 * above the budget of one Mermaid block and is split, a warning on the chart says so (see `Warnings`).
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
  const picture = topologyPictureOf(manifests, chart.node.path || chart.node.id, { dashboardLabels: defaults.dashboardLabels ?? {} });
  if (picture.split !== undefined) {
    const still = picture.overBudget.length === 0 ? ''
      : `; still above it: ${picture.overBudget.join(', ')} (split the chart, or leave details out with TopologyDiagram's options)`;
    const message = `the topology picture is ${picture.split.characters} characters and ${picture.split.edges} edges, above the budget of one Mermaid `
      + `block (${BUDGET_CHARACTERS} characters, ${BUDGET_EDGES} edges; Mermaid stops at 50,000 and 500): its file holds an overview of the `
      + `applications and the flows between them, then one picture per application${still}.`;
    warnOnce(chart, message);
  }
  return picture.markdown;
}

/**
 * Records a warning on the chart and prints it now: the picture is made after the app's validation, which is when
 * `Warnings` prints; `Warnings.print` prints what is recorded and not yet printed (once per warning).
 */
function warnOnce(chart: Chart, message: string): void {
  if (!Warnings.of(chart).includes(`${chart.node.path || '<root>'}: ${message}`)) {
    Warnings.add(chart, message);
  }
  Warnings.print(chart);
}
