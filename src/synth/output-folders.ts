import * as path from 'path';
import { App } from 'cdk8s';
import type { AppOutputOptions } from './app-synthesis';
import { HELM_CHART_NAME, HelmChartMetadata, SEMVER } from './helm-chart';
import { inputError } from '../core/errors';

/*
 * Where the synthesis writes what it writes besides the manifests, from the options as the user gave them (checked
 * here, for untyped callers too): the side files in a folder of their own, and the Helm chart in another, both
 * outside the manifests folder (the app's outdir), so that it holds only manifests.
 */

/** What the default side files folder adds to the name of the manifests folder: `dist` -> `dist-side-files`. */
export const SIDE_FILES_SUFFIX = '-side-files';

/** What the default Helm chart folder adds to the name of the manifests folder: `dist` -> `dist-helm`. */
export const HELM_CHART_SUFFIX = '-helm';

/** The output of a synthesis besides the manifests, checked. */
export interface OutputFolders {
  /** The folder of the side files (absolute). */
  readonly sideFilesDir: string;
  /** Whether the folder is the default one, which the synthesis owns and empties first. */
  readonly defaultSideFilesDir: boolean;
  /** The Helm chart to write, and its folder (absolute). */
  readonly helmChart?: HelmChartMetadata & { readonly dir: string };
  /** Whether to write `kustomization.yaml` into the manifests folder. */
  readonly kustomization: boolean;
}

/**
 * Checks the output options of `AppSynthesis.<method>` and resolves the folders.
 *
 * @param method how errors name the options, e.g. `AppSynthesis.synth`
 */
export function outputFoldersOf(app: App, options: AppOutputOptions, method: string): OutputFolders {
  const manifests = path.resolve(app.outdir);
  const prop = (name: string) => `${method}(options.${name})`;
  const folder = (name: string, value: unknown, example: string): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      throw inputError(app, prop(name), value, typeof value === 'string' ? 'it is empty' : 'it is not a string',
        `a folder path outside the manifests folder (the app's outdir), e.g. ${JSON.stringify(example)}`);
    }
    const dir = path.resolve(value);
    if (isWithin(dir, manifests)) {
      throw inputError(app, prop(name), value, `it is ${dir === manifests ? '' : 'inside '}the manifests folder ${manifests} (the app's outdir), which kubectl, `
        + 'Argo CD and Flux read as a whole', `a folder outside it, e.g. ${JSON.stringify(example)}`);
    }
    return dir;
  };
  const sibling = (suffix: string): string => {
    if (path.basename(manifests) === '') {
      throw inputError(app, prop('sideFilesDir'), undefined, `the manifests folder is ${manifests}, which has no folder beside it`,
        'a folder path, given when the app\'s outdir is the root of the file system');
    }
    return path.join(path.dirname(manifests), `${path.basename(manifests)}${suffix}`);
  };
  const sideExample = `${path.basename(manifests) || 'dist'}${SIDE_FILES_SUFFIX}`;
  const sideFilesDir = options.sideFilesDir === undefined ? sibling(SIDE_FILES_SUFFIX) : folder('sideFilesDir', options.sideFilesDir, sideExample);
  if (options.kustomization !== undefined && typeof options.kustomization !== 'boolean') {
    throw inputError(app, prop('kustomization'), options.kustomization, 'it is not a boolean', 'true or false (the default)');
  }
  return {
    sideFilesDir,
    defaultSideFilesDir: options.sideFilesDir === undefined,
    helmChart: options.helmChart === undefined
      ? undefined
      : helmChartOf(app, options.helmChart, prop, folder, sibling, sideFilesDir, options.sideFilesDir),
    kustomization: options.kustomization === true,
  };
}

function helmChartOf(
  app: App,
  helm: unknown,
  prop: (name: string) => string,
  folder: (name: string, value: unknown, example: string) => string,
  sibling: (suffix: string) => string,
  sideFilesDir: string,
  rawSideFilesDir: unknown,
): HelmChartMetadata & { readonly dir: string } {
  if (helm === null || typeof helm !== 'object' || Array.isArray(helm)) {
    throw inputError(app, prop('helmChart'), helm, 'it is not an object', '{ name, version, appVersion?, description?, outdir? } or nothing (no Helm chart)');
  }
  const chart = helm as Record<string, unknown>;
  if (typeof chart.name !== 'string' || !HELM_CHART_NAME.test(chart.name)) {
    throw inputError(app, prop('helmChart.name'), chart.name, typeof chart.name === 'string' ? 'it is not a Helm chart name' : 'it is not a string',
      'lower-case letters, digits and dashes, starting and ending with a letter or digit, e.g. "shop"');
  }
  if (typeof chart.version !== 'string' || !SEMVER.test(chart.version)) {
    throw inputError(app, prop('helmChart.version'), chart.version, typeof chart.version === 'string' ? 'it is not a SemVer 2 version' : 'it is not a string',
      'a SemVer 2 version, as Helm requires, e.g. "1.4.0" or "1.4.0-rc.1" (https://semver.org)');
  }
  for (const name of ['appVersion', 'description'] as const) {
    const value = chart[name];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value))) {
      throw inputError(app, prop(`helmChart.${name}`), value, typeof value !== 'string' ? 'it is not a string' : value.trim() === '' ? 'it is empty' : 'it holds a line break',
        name === 'appVersion' ? 'the version of the application the chart deploys, on one line, e.g. "2.3.1", or nothing' : 'one line of text, or nothing');
    }
  }
  const dir = chart.outdir === undefined ? sibling(HELM_CHART_SUFFIX) : folder('helmChart.outdir', chart.outdir, `dist${HELM_CHART_SUFFIX}`);
  if (isWithin(path.resolve(app.outdir), dir)) {
    throw inputError(app, prop('helmChart.outdir'), chart.outdir, `the manifests folder ${path.resolve(app.outdir)} is inside it (Helm would package the manifests twice)`,
      `a folder outside the manifests folder and not around it, e.g. "dist${HELM_CHART_SUFFIX}"`);
  }
  // The side files must not land in the chart (Helm would package them), nor the chart in the default side files
  // folder, which the synthesis empties first.
  if (isWithin(sideFilesDir, dir) || (rawSideFilesDir === undefined && isWithin(dir, sideFilesDir))) {
    throw inputError(app, prop(chart.outdir === undefined ? 'sideFilesDir' : 'helmChart.outdir'), chart.outdir === undefined ? rawSideFilesDir : chart.outdir,
      `the Helm chart's folder ${dir} and the side files folder ${sideFilesDir} overlap`,
      'a Helm chart folder that neither holds the side files folder nor lies inside the default one');
  }
  return {
    dir,
    name: chart.name,
    version: chart.version,
    appVersion: chart.appVersion as string | undefined,
    description: chart.description as string | undefined,
  };
}

/** Whether a path is a folder or inside it (both absolute). */
export function isWithin(child: string, folder: string): boolean {
  const relative = path.relative(folder, child);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}
