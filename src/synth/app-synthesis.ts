import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';
import { withSynthesisCache } from '../core/synthesis-cache';
import { ImageLineage } from '../image/image-lineage';
import { manifestFileOf, mergedCluster } from '../plugin/charts';
import { checkManifests } from '../plugin/engine';
import { RULES } from '../plugin/rules';
import { ManifestFile } from '../plugin/types';
import { publishedUrlFilesOf } from '../publish/published-urls';
import { topologyFileOf } from '../topology/topology-file';

/**
 * The synthesis of a cdk8s-appflow app: the YAML that `app.synth()` writes, byte for byte, in time linear in the
 * number of charts; the side files of the library (each chart's topology picture, the published URLs, the image
 * build plans); and the check that the manifests work together when applied.
 *
 * `app.synth()` calls `chart.toJson()` for every chart, and each of those prepares and validates the whole app
 * again (cdk8s' `App._synthChart`), so an app of N charts is validated N times: time grows with the square of the
 * number of charts (1,000 charts of one application each take about 27 times as long as the same objects in one
 * chart). `AppSynthesis.synth(app)` does the same steps once — the dependencies between charts, the validation of
 * every construct, then each chart's objects in dependency order — with cdk8s' public API. A test compares its YAML
 * with `app.synth()`'s, byte for byte, on every example and on a 200-chart app, so that a cdk8s upgrade that changes
 * `app.synth()` fails loudly. `app.synth()` writes only the YAML: an app that keeps it calls
 * `AppSynthesis.writeSideFiles(app)` after it.
 *
 * ```ts
 * const app = new App();
 * // ... charts
 * AppSynthesis.synth(app); // instead of app.synth()
 * ```
 */
export class AppSynthesis {
  /**
   * Synthesizes every chart of the app into its output directory, as `app.synth()` does, with the side files of
   * the library, then checks that the manifests work together when applied (see docs/validation.md, "Works when
   * applied").
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
    const files = withSynthesisCache(app, () => synthesize(app, true));
    if (options.checks !== false) {
      failOnAppliedErrors(app, files);
    }
  }

  /**
   * Writes the side files of the library into the app's output directory, for an app synthesized with
   * `app.synth()`: each chart's topology picture (`<chart>.topology.md`, named as synth names the chart's YAML), the
   * published URLs (`urls/<application>.txt`) and the image build plans (`images/<name>/`). `AppSynthesis.synth`
   * writes them itself.
   */
  public static writeSideFiles(app: App): void {
    withSynthesisCache(app, () => synthesize(app, false));
  }

  private constructor() {}
}

/**
 * Writes the YAML of every chart (when `yaml`), the construct metadata when cdk8s records it, and the side files;
 * returns each chart's manifests as the checks read them.
 */
function synthesize(app: App, yaml: boolean): ManifestFile[] {
  const checked: ManifestFile[] = [];
  fs.mkdirSync(app.outdir, { recursive: true });
  const all = app.node.findAll();
  const hasDependantCharts = resolveDependencies(all);
  if (yaml) {
    validate(all);
  }
  const charts = app.charts;
  const objectsOf = (chart: Chart): ApiObject[] => new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject)
    .filter((x) => Chart.of(x) === chart);
  const indexed = (i: number, chart: Chart) => (hasDependantCharts ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart));
  const ext = app.outputFileExtension;
  const save = (file: string, docs: any[]) => {
    if (yaml) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      Yaml.save(file, docs);
    }
  };
  /** Each chart's manifests, its topology picture under the base name synth gives its YAML, and what the checks read. */
  const manifestsOf = (chart: Chart, baseName: string): any[] => {
    const manifests = objectsOf(chart).map((o) => o.toJson());
    const picture = topologyFileOf(chart, manifests);
    if (picture !== undefined) {
      writeFile(path.join(app.outdir, `${baseName}.topology.md`), picture);
    }
    checked.push(manifestFileOf(chart, manifests));
    return manifests;
  };
  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP: {
      const docs = charts.flatMap((chart) => manifestsOf(chart, Names.toDnsLabel(chart)));
      if (charts.length > 0) {
        save(path.join(app.outdir, `app${ext}`), docs);
      }
      break;
    }
    case YamlOutputType.FILE_PER_RESOURCE:
      for (const chart of charts) {
        for (const m of manifestsOf(chart, Names.toDnsLabel(chart))) {
          save(path.join(app.outdir, `${resourceFileName(m)}${ext}`), [m]);
        }
      }
      break;
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
      charts.forEach((chart, i) => {
        const folder = indexed(i, chart);
        const manifests = manifestsOf(chart, folder);
        if (yaml) {
          fs.mkdirSync(path.join(app.outdir, folder), { recursive: true });
        }
        for (const m of manifests) {
          save(path.join(app.outdir, folder, `${resourceFileName(m)}${ext}`), [m]);
        }
      });
      break;
    default:
      charts.forEach((chart, i) => {
        const name = indexed(i, chart);
        save(path.join(app.outdir, `${name}${ext}`), manifestsOf(chart, name));
      });
  }
  // cdk8s records which construct made each object when validation plugins ask for it (`cdk8s synth` sets
  // CDK8S_RECORD_CONSTRUCT_METADATA); the App keeps the setting in a field of its own.
  if (yaml && (app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata) {
    const resources: Record<string, { path: string }> = {};
    for (const chart of charts) {
      for (const o of objectsOf(chart)) {
        resources[o.name] = { path: o.node.path };
      }
    }
    fs.writeFileSync(path.join(app.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
  }
  for (const file of publishedUrlFilesOf(app)) {
    writeFile(path.join(app.outdir, file.path), file.content);
  }
  for (const lineage of all.filter((c): c is ImageLineage => c instanceof ImageLineage && c.writesBuildPlan)) {
    lineage.writeBuildPlan(path.join(app.outdir, 'images', lineage.name));
  }
  return checked;
}

function writeFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
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
