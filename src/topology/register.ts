import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { TopologyDiagram } from './topology-diagram';
import { PlatformDefaults } from '../core/platform-defaults';
import { withSynthesisCache } from '../core/synthesis-cache';

/*
 * Writing the topology picture at synth. Internal: `AppIdentity` registers the chart it is made in, so every chart
 * that holds a cdk8s-appflow application gets `<chart>.topology.md` beside its `<chart>.k8s.yaml`.
 *
 * How: the chart instance's `toJson()` (which `App.synth()` calls exactly once per chart, and tests call at will)
 * is wrapped once; after it returns, the picture is made from the manifests it returned and written to the app's
 * output directory when it changed. Nothing runs in `node.addValidation()`: cdk8s runs every validation of the
 * app once per chart, which would make synthesis quadratic in the number of charts. The app's `synth()` is wrapped
 * too, only to name the file as synth names the YAML (`0000-<chart>` when charts depend on each other) and to cover
 * the output types whose synth does not call `toJson()`.
 */

const CHART_STATE = Symbol.for('cdk8s-appflow.TopologyDiagram.chart');
const APP_STATE = Symbol.for('cdk8s-appflow.TopologyDiagram.app');

interface ChartState {
  /** The file last written, and what was written to it. */
  lastWritten?: string;
}

interface AppState {
  /** The registered charts of the app. */
  readonly charts: Set<Chart>;
  /** While `app.synth()` runs: the charts handled so far, and the file names synth gives the charts. */
  synth?: { handled: Set<Chart>; names?: Map<Chart, string> };
}

/**
 * Registers the chart of a construct for its topology picture (once per chart; nothing when the construct is in
 * no chart).
 */
export function registerTopologyDiagram(scope: IConstruct): void {
  let chart: Chart;
  try {
    chart = Chart.of(scope);
  } catch {
    return;
  }
  const holder = chart as unknown as { [CHART_STATE]?: ChartState };
  if (holder[CHART_STATE]) {
    return;
  }
  const state: ChartState = {};
  Object.defineProperty(holder, CHART_STATE, { value: state, enumerable: false });
  const toJson = chart.toJson;
  Object.defineProperty(chart, 'toJson', {
    value: function toJsonWithTopology(this: Chart, ...args: unknown[]): any[] {
      const manifests = withSynthesisCache(this, () => (toJson as (...a: unknown[]) => any[]).apply(this, args));
      writeTopology(chart, state, manifests);
      return manifests;
    },
    configurable: true,
    writable: true,
    enumerable: false,
  });
  const app = App.of(chart);
  if (typeof (app as Partial<App>).outdir === 'string') {
    appStateOf(app).charts.add(chart);
  }
}

function appStateOf(app: App): AppState {
  const holder = app as unknown as { [APP_STATE]?: AppState };
  if (holder[APP_STATE]) {
    return holder[APP_STATE];
  }
  const state: AppState = { charts: new Set() };
  Object.defineProperty(holder, APP_STATE, { value: state, enumerable: false });
  const synth = app.synth;
  Object.defineProperty(app, 'synth', {
    value: function synthWithTopology(this: App, ...args: unknown[]): void {
      state.synth = { handled: new Set() };
      try {
        withSynthesisCache(this, () => (synth as (...a: unknown[]) => void).apply(this, args));
        // Output types whose synth does not call toJson() (a folder per chart): write the pictures now.
        for (const chart of state.charts) {
          if (!state.synth.handled.has(chart)) {
            chart.toJson();
          }
        }
      } finally {
        state.synth = undefined;
      }
    },
    configurable: true,
    writable: true,
    enumerable: false,
  });
  return state;
}

/**
 * Writes the topology picture of a chart synthesized by another path than `chart.toJson()` (the linear synthesis
 * of `AppSynthesis`), under the base name that path gives the chart's YAML. Nothing for a chart that holds no
 * cdk8s-appflow application.
 */
export function writeTopologyOf(chart: Chart, manifests: any[], baseName: string): void {
  const state = (chart as unknown as { [CHART_STATE]?: ChartState })[CHART_STATE];
  if (state) {
    writeTopology(chart, state, manifests, baseName);
  }
}

function writeTopology(chart: Chart, state: ChartState, manifests: any[], baseName?: string): void {
  const app = App.of(chart) as App;
  if (typeof app.outdir !== 'string') {
    return;
  }
  const synth = baseName === undefined ? appStateOf(app).synth : undefined;
  synth?.handled.add(chart);
  // Read now, not when the chart was made, and without marking the scopes as read: a default set later applies to
  // the next synthesis.
  const defaults = PlatformDefaults._peek(chart);
  if (defaults.topologyDiagram === false) {
    return;
  }
  const content = TopologyDiagram.ofManifests(manifests, chart.node.path || chart.node.id, { dashboardLabels: defaults.dashboardLabels ?? {} });
  const file = path.join(app.outdir, `${baseName ?? fileNameOf(app, chart)}.topology.md`);
  const written = `${file}\n${content}`;
  if (synth === undefined && baseName === undefined && state.lastWritten === written && fs.existsSync(file)) {
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  state.lastWritten = written;
}

/**
 * The base name that synth gives the chart's YAML file: the chart's DNS label, prefixed with its index
 * (`0000-<chart>`) when charts depend on each other, as cdk8s' `IndexedChartNamer` does. Outside `app.synth()`
 * (a chart's `toJson()` called on its own), the DNS label.
 */
function fileNameOf(app: App, chart: Chart): string {
  const synth = appStateOf(app).synth;
  if (synth === undefined) {
    return Names.toDnsLabel(chart);
  }
  if (synth.names === undefined) {
    // What `App.synth()` does: it has already made the dependencies between charts explicit, and names the charts
    // in the order of `app.charts`, with an index when any chart depends on another one.
    const charts = app.charts;
    const perChart = app.yamlOutputType === YamlOutputType.FILE_PER_CHART || app.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
    const indexed = perChart && charts.some((c) => c.node.dependencies.some((d) => d !== c && Chart.isChart(d)));
    synth.names = new Map(charts.map((c, i) => [c, indexed ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(c)}` : Names.toDnsLabel(c)]));
  }
  return synth.names.get(chart) ?? Names.toDnsLabel(chart);
}
