import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';
import { withSynthesisCache } from '../core/synthesis-cache';
import { manifestFileOf, mergedCluster } from '../plugin/charts';
import { checkManifests } from '../plugin/engine';
import { RULES } from '../plugin/rules';
import { ManifestFile } from '../plugin/types';
import { writeTopologyOf } from '../topology/register';

/**
 * Synthesis of a whole app in time linear in the number of charts, writing the same files as `app.synth()`.
 *
 * `app.synth()` calls `chart.toJson()` for every chart, and each of those prepares and validates the whole app
 * again (cdk8s' `App._synthChart`), so an app of N charts is validated N times: time grows with the square of the
 * number of charts (1,000 charts of one application each take about 27 times as long as the same objects in one
 * chart). `AppSynthesis.synth(app)` does the same steps once — the dependencies between charts, the validation of
 * every construct, then each chart's objects in dependency order — with cdk8s' public API, and writes the files
 * `app.synth()` writes (the YAML of each chart, the construct metadata when it is recorded, and cdk8s-appflow's
 * topology pictures). A test compares both, byte for byte, on every example and on a 200-chart app, so that a
 * cdk8s upgrade that changes `app.synth()` fails loudly.
 *
 * ```ts
 * const app = new App();
 * // ... charts
 * AppSynthesis.synth(app); // instead of app.synth()
 * ```
 */
export class AppSynthesis {
  /**
   * Synthesizes every chart of the app into its output directory, as `app.synth()` does, then checks that the
   * manifests work together when applied (see docs/validation.md, "Works when applied").
   *
   * @throws after writing the files, when a works-when-applied rule finds an error (unless `checks` is false)
   */
  public static synth(app: App, options: AppSynthesisOptions = {}): void {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw inputError(app, 'AppSynthesis.synth(options)', options, 'it is not an object', '{ checks?: boolean } or nothing');
    }
    if (options.checks !== undefined && typeof options.checks !== 'boolean') {
      throw inputError(app, 'AppSynthesis.synth(options.checks)', options.checks, 'it is not a boolean', 'true (the default) or false');
    }
    // One index of each chart's objects serves every object of the synthesis (see core/synthesis-cache.ts).
    const files = withSynthesisCache(app, () => AppSynthesis.synthesize(app));
    if (options.checks !== false) {
      failOnAppliedErrors(app, files);
    }
  }

  /** Writes the files, and returns each chart's manifests as the checks read them. */
  private static synthesize(app: App): ManifestFile[] {
    const checked: ManifestFile[] = [];
    fs.mkdirSync(app.outdir, { recursive: true });
    const all = app.node.findAll();
    const hasDependantCharts = resolveDependencies(all);
    validate(all);
    const charts = app.charts;
    const objectsOf = (chart: Chart): ApiObject[] => new DependencyGraph(chart.node).topology()
      .filter((x): x is ApiObject => x instanceof ApiObject)
      .filter((x) => Chart.of(x) === chart);
    const indexed = (i: number, chart: Chart) => (hasDependantCharts ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart));
    const ext = app.outputFileExtension;
    switch (app.yamlOutputType) {
      case YamlOutputType.FILE_PER_APP: {
        const docs: any[] = [];
        for (const chart of charts) {
          const manifests = objectsOf(chart).map((o) => o.toJson());
          writeTopologyOf(chart, manifests, Names.toDnsLabel(chart));
          checked.push(manifestFileOf(chart, manifests));
          docs.push(...manifests);
        }
        if (charts.length > 0) {
          Yaml.save(path.join(app.outdir, `app${ext}`), docs);
        }
        break;
      }
      case YamlOutputType.FILE_PER_RESOURCE:
        for (const chart of charts) {
          const manifests = objectsOf(chart).map((o) => o.toJson());
          writeTopologyOf(chart, manifests, Names.toDnsLabel(chart));
          checked.push(manifestFileOf(chart, manifests));
          for (const m of manifests) {
            Yaml.save(path.join(app.outdir, `${resourceFileName(m)}${ext}`), [m]);
          }
        }
        break;
      case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
        charts.forEach((chart, i) => {
          const folder = indexed(i, chart);
          const dir = path.join(app.outdir, folder);
          fs.mkdirSync(dir, { recursive: true });
          const manifests = objectsOf(chart).map((o) => o.toJson());
          writeTopologyOf(chart, manifests, folder);
          checked.push(manifestFileOf(chart, manifests));
          for (const m of manifests) {
            Yaml.save(path.join(dir, `${resourceFileName(m)}${ext}`), [m]);
          }
        });
        break;
      default:
        charts.forEach((chart, i) => {
          const name = indexed(i, chart);
          const manifests = objectsOf(chart).map((o) => o.toJson());
          Yaml.save(path.join(app.outdir, `${name}${ext}`), manifests);
          writeTopologyOf(chart, manifests, name);
          checked.push(manifestFileOf(chart, manifests));
        });
    }
    // cdk8s records which construct made each object when validation plugins ask for it (`cdk8s synth` sets
    // CDK8S_RECORD_CONSTRUCT_METADATA); the App keeps the setting in a field of its own.
    if ((app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata) {
      const resources: Record<string, { path: string }> = {};
      for (const chart of charts) {
        for (const o of objectsOf(chart)) {
          resources[o.name] = { path: o.node.path };
        }
      }
      fs.writeFileSync(path.join(app.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
    }
    return checked;
  }

  private constructor() {}
}

/** Options of {@link AppSynthesis.synth}. */
export interface AppSynthesisOptions {
  /**
   * Whether to check, after writing the files, that the manifests of all the charts work together when applied: the
   * works-when-applied rules of the validation plugin (one object per identity; the traffic to Ingress backends,
   * scraped ports, probe targets and connections admitted by every NetworkPolicy; monitors that fit what they watch;
   * Jobs that complete), with the ingress controller and monitoring namespaces of the charts' platform defaults. An
   * error finding fails the synthesis with the findings; the other rules of the plugin run at `cdk8s synth`.
   *
   * @see https://github.com/cdk8s-appflow/cdk8s-appflow/blob/main/docs/validation.md
   * @default true
   */
  readonly checks?: boolean;
}

/** Fails with the works-when-applied errors of the app's manifests. */
function failOnAppliedErrors(app: App, files: ManifestFile[]): void {
  const family = new Set(RULES.filter((r) => r.family === 'works-when-applied').map((r) => r.id));
  const result = checkManifests(files, { cluster: mergedCluster(app.charts) });
  const errors = result.findings.filter((f) => family.has(f.rule) && f.severity === 'error' && f.exemption === undefined);
  if (errors.length > 0) {
    throw new Error(`The manifests were written to ${app.outdir}, but they do not work when applied (${errors.length} finding${errors.length === 1 ? '' : 's'}; `
      + 'see docs/validation.md, or AppSynthesis.synth(app, { checks: false }) to skip the check):\n'
      + errors.map((f) => `  [${f.rule}] ${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`
        + `${f.constructPath ? ` (${f.constructPath})` : ''} at ${f.path}: ${f.message}.\n    Fix: ${f.fix}`).join('\n'));
  }
}

/** The file name cdk8s gives an object of its own file: `<kind>.<name>`, without other characters. */
function resourceFileName(manifest: any): string {
  return `${manifest.kind}.${manifest.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

/** Validates every construct of the app once, failing with the message `app.synth()` gives. */
function validate(all: IConstruct[]): void {
  const errors: string[] = [];
  for (const child of all) {
    for (const error of child.node.validate()) {
      errors.push(`[${child.node.path}] ${error}`);
    }
  }
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

/**
 * Makes the dependencies between charts and between objects explicit, as `app.synth()` does: a chart depends on
 * the charts nested in it and on the charts its constructs depend on; an object on the objects its construct's
 * dependencies hold.
 *
 * @returns whether any chart depends on another (the files are then numbered)
 */
function resolveDependencies(all: IConstruct[]): boolean {
  let hasDependantCharts = false;
  const charts = all.filter((x): x is Chart => x instanceof Chart);
  for (const parent of charts) {
    for (const child of parent.node.children.filter((x) => x instanceof Chart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const deps = (): Array<{ source: IConstruct; target: IConstruct }> =>
    all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const dep of deps()) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  for (const dep of deps()) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    const targets = dep.target.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === targetChart);
    const sources = dep.source.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === sourceChart);
    for (const target of targets) {
      for (const source of sources) {
        if (target !== source) {
          source.node.addDependency(target);
        }
      }
    }
  }
  return hasDependantCharts;
}
