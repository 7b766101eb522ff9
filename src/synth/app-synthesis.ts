import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { chartYamlOf, helmTemplateOf, VALUES_YAML } from './helm-chart';
import { KUSTOMIZATION_FILE, kustomizationOf } from './kustomization';
import { OutputFolders, outputFoldersOf } from './output-folders';
import { chartPrerequisitesFile } from './prerequisites-file';
import { manifestsToYaml } from './yaml-writer';
import { chartObjects, chartsInOrder } from '../core/chart-objects';
import { inputError } from '../core/errors';
import { targetVersionAtSynthesisOf } from '../core/kubernetes-features';
import { misspeltName, namesOf } from '../core/near-names';
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
 * build plans) in a folder of their own, so that the manifests folder holds only manifests; on request a Helm chart
 * that Helm renders back into the same manifests and a `kustomization.yaml`; and the check that the manifests work
 * together when applied.
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
 *
 * @see https://github.com/cdk8s-appflow/cdk8s-appflow/blob/main/docs/deploy.md
 */
export class AppSynthesis {
  /**
   * Synthesizes every chart of the app into its output directory, as `app.synth()` does, with the side files of
   * the library in their own folder (and the Helm chart and `kustomization.yaml` when asked), then checks that the
   * manifests work together when applied (see docs/validation.md, "Works when applied").
   *
   * @throws after writing the files, when a works-when-applied rule finds an error (unless `checks` is false)
   */
  public static synth(app: App, options: AppSynthesisOptions = {}): void {
    checkOptionsObject(app, options, 'AppSynthesis.synth', SYNTHESIS_OPTIONS);
    if (options.checks !== undefined && typeof options.checks !== 'boolean') {
      throw inputError(app, 'AppSynthesis.synth(options.checks)', options.checks, 'it is not a boolean', 'true (the default) or false');
    }
    const output = outputFoldersOf(app, options, 'AppSynthesis.synth');
    // One index of each chart's objects serves every object of the synthesis (see core/synthesis-cache.ts).
    const { charts, files } = withSynthesisCache(app, () => synthesize(app, true, output));
    if (options.checks !== false) {
      failOnAppliedErrors(app, charts, files);
    }
  }

  /**
   * Writes what the library writes besides the YAML, for an app synthesized with `app.synth()`: the side files
   * (each chart's topology picture `<chart>.topology.md`, named as synth names the chart's YAML; the published URLs
   * `urls/<application>.txt`; the image build plans `images/<name>/`) into the side files folder, and the Helm chart
   * and `kustomization.yaml` when asked. `AppSynthesis.synth` writes them itself.
   */
  public static writeSideFiles(app: App, options: AppOutputOptions = {}): void {
    checkOptionsObject(app, options, 'AppSynthesis.writeSideFiles', OUTPUT_OPTIONS);
    const output = outputFoldersOf(app, options, 'AppSynthesis.writeSideFiles');
    withSynthesisCache(app, () => synthesize(app, false, output));
  }

  /**
   * The folder where the synthesis writes the side files of the app: `options.sideFilesDir` resolved against the
   * current directory, by default the app's output directory with `-side-files` appended, beside it (`dist` ->
   * `dist-side-files`). For pipelines and tests that read the side files.
   */
  public static sideFilesDirOf(app: App, options: AppOutputOptions = {}): string {
    checkOptionsObject(app, options, 'AppSynthesis.sideFilesDirOf', OUTPUT_OPTIONS);
    return outputFoldersOf(app, options, 'AppSynthesis.sideFilesDirOf').sideFilesDir;
  }

  private constructor() {}
}

/** The options of each method (checked against the interfaces by the compiler). */
const OUTPUT_OPTIONS: readonly string[] = namesOf<AppOutputOptions>({ sideFilesDir: true, helmChart: true, kustomization: true });
const SYNTHESIS_OPTIONS: readonly string[] = [...OUTPUT_OPTIONS, ...namesOf<Omit<AppSynthesisOptions, keyof AppOutputOptions>>({ checks: true })];

/** Refuses options that are not an object, or with a key that is not an option (`kustomisation` was silently no kustomization). */
function checkOptionsObject(app: App, options: unknown, method: string, known: readonly string[]): void {
  const accepted = `{ ${known.map((k) => `${k}?`).join(', ')} } or nothing`;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw inputError(app, `${method}(options)`, options, 'it is not an object', accepted);
  }
  for (const key of Object.keys(options).filter((k) => !known.includes(k))) {
    const meant = misspeltName(key, known);
    throw inputError(app, `${method}(options.${key})`, (options as Record<string, unknown>)[key],
      `it is not an option of ${method}${meant ? ` (did you mean ${meant}?)` : ''}`, accepted);
  }
}

/** What a synthesis wrote: the app's charts in their order, and each chart's manifests as the checks read them. */
interface Synthesized {
  readonly charts: readonly Chart[];
  readonly files: readonly ManifestFile[];
}

/**
 * Writes the YAML of every chart (when `yaml`) and the construct metadata when cdk8s records it into the manifests
 * folder, the side files into theirs, and the Helm chart and the kustomization when asked. The charts, their order
 * and each chart's objects in dependency order are found once (each is a walk of the whole chart or app).
 */
function synthesize(app: App, yaml: boolean, output: OutputFolders): Synthesized {
  const checked: ManifestFile[] = [];
  fs.mkdirSync(app.outdir, { recursive: true });
  if (output.defaultSideFilesDir) {
    // The default folder is the synthesis' own, as cdk8s synth empties the manifests folder: no picture or URL file
    // of a chart removed since the last synthesis stays.
    fs.rmSync(output.sideFilesDir, { recursive: true, force: true });
  }
  const all = app.node.findAll();
  const hasDependantCharts = resolveDependencies(all);
  if (yaml) {
    validate(all);
  }
  const charts = chartsInOrder(app);
  // Each chart's objects are found when its turn comes, as app.synth() finds them (after the charts before it were
  // resolved), and kept for the checks and the construct metadata.
  const objects = new Map<Chart, ApiObject[]>();
  const objectsOf = (chart: Chart): ApiObject[] => {
    let found = objects.get(chart);
    if (found === undefined) {
      found = chartObjects(chart);
      objects.set(chart, found);
    }
    return found;
  };
  const indexed = (i: number, chart: Chart) => (hasDependantCharts ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart));
  const ext = app.outputFileExtension;
  /** The manifest files, relative to the manifests folder, in the order they are written. */
  const manifestFiles: string[] = [];
  const save = (file: string, docs: any[]) => {
    manifestFiles.push(file);
    if (yaml) {
      const full = path.join(app.outdir, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, yamlOf(docs), { encoding: 'utf8' });
    }
  };
  /** Each chart's Helm template, under the base name synth gives its YAML. */
  const templates: Array<{ baseName: string; manifests: any[] }> = [];
  /**
   * Each chart's manifests; its topology picture and its prerequisites under the base name synth gives its YAML; and
   * what the checks read.
   */
  const manifestsOf = (chart: Chart, baseName: string): any[] => {
    const manifests = objectsOf(chart).map((o) => o.toJson());
    const picture = topologyFileOf(chart, manifests);
    if (picture !== undefined) {
      writeFile(path.join(output.sideFilesDir, `${baseName}.topology.md`), picture);
    }
    const prerequisites = chartPrerequisitesFile(chart, manifests, targetVersionAtSynthesisOf(chart));
    if (prerequisites !== undefined) {
      writeFile(path.join(output.sideFilesDir, `${baseName}.prerequisites.md`), prerequisites);
    }
    checked.push(manifestFileOf(chart, objectsOf(chart), manifests));
    templates.push({ baseName, manifests });
    return manifests;
  };
  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP: {
      const docs = charts.flatMap((chart) => manifestsOf(chart, Names.toDnsLabel(chart)));
      if (charts.length > 0) {
        save(`app${ext}`, docs);
      }
      break;
    }
    case YamlOutputType.FILE_PER_RESOURCE:
      for (const chart of charts) {
        for (const m of manifestsOf(chart, Names.toDnsLabel(chart))) {
          save(`${resourceFileName(m)}${ext}`, [m]);
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
          save(path.join(folder, `${resourceFileName(m)}${ext}`), [m]);
        }
      });
      break;
    default:
      charts.forEach((chart, i) => {
        const name = indexed(i, chart);
        save(`${name}${ext}`, manifestsOf(chart, name));
      });
  }
  // cdk8s records which construct made each object when validation plugins ask for it (`cdk8s synth` sets
  // CDK8S_RECORD_CONSTRUCT_METADATA); the App keeps the setting in a field of its own. cdk8s synth reads the file from
  // the manifests folder.
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
    writeFile(path.join(output.sideFilesDir, file.path), file.content);
  }
  for (const lineage of all.filter((c): c is ImageLineage => c instanceof ImageLineage && c.writesBuildPlan)) {
    lineage.writeBuildPlan(path.join(output.sideFilesDir, 'images', lineage.name));
  }
  if (output.kustomization) {
    writeFile(path.join(app.outdir, KUSTOMIZATION_FILE), kustomizationOf(manifestFiles));
  }
  if (output.helmChart !== undefined) {
    const dir = output.helmChart.dir;
    // The templates are the synthesis' own: a chart removed since the last synthesis leaves no template behind.
    fs.rmSync(path.join(dir, 'templates'), { recursive: true, force: true });
    writeFile(path.join(dir, 'Chart.yaml'), chartYamlOf(output.helmChart));
    writeFile(path.join(dir, 'values.yaml'), VALUES_YAML);
    fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
    for (const { baseName, manifests } of templates.filter((t) => t.manifests.length > 0)) {
      writeFile(path.join(dir, 'templates', `${baseName}.yaml`), helmTemplateOf(yamlOf(manifests)));
    }
  }
  return { charts, files: checked };
}

/**
 * The YAML of documents, byte for byte as cdk8s writes a file of them (`Yaml.save`), by the library's writer for
 * Kubernetes-shaped documents (yaml-writer.ts; several times faster than `yaml`, which writes what it does not handle).
 */
function yamlOf(docs: any[]): string {
  return manifestsToYaml(docs);
}

function writeFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Where and what the synthesis writes besides the manifests (options of {@link AppSynthesis.writeSideFiles}). */
export interface AppOutputOptions {
  /**
   * The folder of the side files: each chart's topology picture (`<chart>.topology.md`), the published URLs
   * (`urls/<application>.txt`) and the image build plans (`images/<name>/`). A relative path is read from the current
   * directory, as the app's outdir is. It must lie outside the manifests folder (the app's outdir), which then holds
   * only manifests for kubectl, Argo CD and Flux. A folder you name is not emptied (files of charts removed since the
   * last synthesis stay); the default one is emptied first.
   *
   * @see https://github.com/cdk8s-appflow/cdk8s-appflow/blob/main/docs/deploy.md
   * @default - the app's outdir with `-side-files` appended, beside it (`dist` -> `dist-side-files`)
   */
  readonly sideFilesDir?: string;

  /**
   * A Helm chart of the manifests: `Chart.yaml`, `values.yaml` and one template per cdk8s chart, the chart's YAML
   * with Helm's delimiters `{{` and `}}` escaped, so that `helm template` gives back the manifests of the manifests
   * folder (`cdk8s synth --format helm` copies the YAML as it is, and Helm fails on the Prometheus templates of alert
   * rules).
   *
   * @see https://github.com/cdk8s-appflow/cdk8s-appflow/blob/main/docs/deploy.md#helm
   * @default - no Helm chart
   */
  readonly helmChart?: HelmChartOptions;

  /**
   * Whether to write `kustomization.yaml` into the manifests folder, listing the manifest files: Argo CD and Flux then
   * read exactly those, and kustomize overlays can build on them.
   *
   * @see https://github.com/cdk8s-appflow/cdk8s-appflow/blob/main/docs/deploy.md
   * @default false
   */
  readonly kustomization?: boolean;
}

/** The Helm chart that the synthesis writes (option `helmChart`). */
export interface HelmChartOptions {
  /**
   * The chart's name (`name` of Chart.yaml): lower-case letters, digits and dashes.
   *
   * @see https://helm.sh/docs/chart_best_practices/conventions/#chart-names
   */
  readonly name: string;

  /**
   * The chart's version (`version` of Chart.yaml), a SemVer 2 version, e.g. `1.4.0`.
   *
   * @see https://helm.sh/docs/topics/charts/#charts-and-versioning
   */
  readonly version: string;

  /**
   * The version of the application the chart deploys (`appVersion` of Chart.yaml).
   *
   * @see https://helm.sh/docs/topics/charts/#the-appversion-field
   * @default - none in Chart.yaml
   */
  readonly appVersion?: string;

  /**
   * The chart's description (`description` of Chart.yaml), one line.
   *
   * @default "The manifests of a cdk8s app, synthesized by cdk8s-appflow (AppSynthesis); rendered as they are"
   */
  readonly description?: string;

  /**
   * The chart's folder, outside the manifests folder; the synthesis writes `Chart.yaml` and `values.yaml` and
   * replaces `templates/` (other files, such as a README, stay). A relative path is read from the current directory.
   *
   * @default - the app's outdir with `-helm` appended, beside it (`dist` -> `dist-helm`)
   */
  readonly outdir?: string;
}

/** Options of {@link AppSynthesis.synth}. */
export interface AppSynthesisOptions extends AppOutputOptions {
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
function failOnAppliedErrors(app: App, charts: readonly Chart[], files: readonly ManifestFile[]): void {
  const family = new Set(RULES.filter((r) => r.family === 'works-when-applied').map((r) => r.id));
  const result = checkManifests(files, { cluster: mergedCluster(charts) });
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
