import { ApiObject, Chart, DependencyGraph } from 'cdk8s';

/**
 * The objects of a chart in the order cdk8s synthesizes them (their dependency order), without those of the charts
 * nested in it: what `app.synth()` writes into the chart's file, in that order.
 */
export function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology().filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}
