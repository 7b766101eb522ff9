/**
 * The change guard as a cdk8s validation plugin (`validations:` in cdk8s.yaml): `cdk8s synth` compares the
 * manifests it just wrote with a baseline and fails on the changes that lose data or that the API server refuses.
 *
 * Not part of the jsii API (the cdk8s CLI loads it by path, in Node.js). The plugin contract is the structural
 * type of cdk8s-cli's `Validation` (lib/plugins/validation.d.ts); the part the guard uses is restated here so that
 * the package does not depend on cdk8s-cli at run time (the validation plugin restates its own part in
 * src/plugin/validation.ts, which the guard may not import).
 */
import * as path from 'path';
import { checkAcknowledgements } from './acknowledgements';
import { BaselineError, readDirectory, readGitRef, SourcedObject } from './baseline';
import { ChangeGuard } from './change-guard';
import { ChangeAcknowledgement, ChangeFinding, ChangeSeverity } from './model';
import { resourceOf } from './resources';
import { attributeConstructPaths, constructPathFromPodLabel, RecordedConstructPaths } from '../analysis/construct-paths';
import { describeResource, identityKeyOf, ManifestFile, readObjects } from '../analysis/objects';
import { AppflowInputError } from '../core/errors';

/** The properties of the plugin, as `properties:` of its entry in cdk8s.yaml. */
export interface AppflowChangeGuardProps {
  /**
   * A directory that holds the baseline manifests (a copy of the previous `dist/`; not the output directory
   * itself, which `cdk8s synth` empties before it writes). Relative to the current directory. Either this or
   * `baselineGitRef`.
   */
  readonly baselineDir?: string;
  /** A git ref (branch, tag, commit) whose `baselinePath` holds the baseline manifests, e.g. `origin/main`. */
  readonly baselineGitRef?: string;
  /** The directory of the manifests at `baselineGitRef`, relative to `repoDir`. Default: `dist`. */
  readonly baselinePath?: string;
  /** A directory of the git working tree. Default: the current directory. */
  readonly repoDir?: string;
  /** Deliberate changes: `{ rule, kind?, namespace?, name?, reason }`. */
  readonly acknowledge?: ChangeAcknowledgement[];
  /** The least severity of an unacknowledged finding that fails the synth: `error` (default), `warning`, or `never` (report only). */
  readonly failOn?: 'error' | 'warning' | 'never';
  /**
   * Whether a baseline that does not exist (the directory, or the path at the git ref) passes with a note, for the
   * first synth of a project. Default: `false`, the guard fails closed: a missing baseline is more often a wrong path
   * or a CI checkout without the ref's files than a first synth, and "no changes" would hide every change.
   */
  readonly allowMissingBaseline?: boolean;
}

/** What the plugin uses of cdk8s-cli's ValidationContext. */
export interface ValidationContextLike {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      readonly ruleName: string;
      readonly recommendation: string;
      readonly fix: string;
      readonly violatingResources: readonly { readonly resourceName: string; readonly locations: readonly string[]; readonly manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  /** What cdk8s recorded: the construct path of each object, by object name (when validations are configured). */
  readonly metadata?: RecordedConstructPaths;
  parseManifest(manifestPath: string): any[];
}

const WHERE = 'AppflowChangeGuard';
const PROPS = ['baselineDir', 'baselineGitRef', 'baselinePath', 'repoDir', 'acknowledge', 'failOn', 'allowMissingBaseline'];

/**
 * The change guard as a cdk8s validation plugin. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-appflow/lib/src/guard/plugin.js
 *     class: AppflowChangeGuard
 *     version: 0.0.0
 *     properties:
 *       baselineGitRef: origin/main
 *       baselinePath: dist
 * ```
 */
export class AppflowChangeGuard {
  private readonly props: AppflowChangeGuardProps;
  private readonly acknowledgements: ChangeAcknowledgement[];

  constructor(props: AppflowChangeGuardProps = {}) {
    if (typeof props !== 'object' || props === null || Array.isArray(props)) {
      throw new AppflowInputError(WHERE, 'properties', props, 'it is not an object', `an object with ${PROPS.join(', ')}`);
    }
    const unknown = Object.keys(props).find((k) => !PROPS.includes(k));
    if (unknown) {
      throw new AppflowInputError(WHERE, `properties.${unknown}`, (props as any)[unknown], 'it is not a property of the change guard', `only ${PROPS.join(', ')}`);
    }
    for (const key of ['baselineDir', 'baselineGitRef', 'baselinePath', 'repoDir'] as const) {
      const value = props[key];
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
        throw new AppflowInputError(WHERE, `properties.${key}`, value, 'it is not a non-empty string', key === 'baselineGitRef' ? 'a branch, tag or commit, e.g. "origin/main"' : 'a path');
      }
    }
    if ((props.baselineDir === undefined) === (props.baselineGitRef === undefined)) {
      throw new AppflowInputError(WHERE, 'properties.baselineDir', props.baselineDir,
        props.baselineDir === undefined ? 'neither baselineDir nor baselineGitRef is given' : 'baselineGitRef is given too',
        'exactly one baseline: baselineDir (a directory of manifests), or baselineGitRef with baselinePath (a directory at a git ref, e.g. origin/main and dist)');
    }
    if (props.baselineDir !== undefined && (props.baselinePath !== undefined || props.repoDir !== undefined)) {
      const prop = props.baselinePath !== undefined ? 'baselinePath' : 'repoDir';
      throw new AppflowInputError(WHERE, `properties.${prop}`, props[prop], 'it only applies to a baseline at a git ref', 'baselineGitRef with it, or baselineDir alone');
    }
    if (props.allowMissingBaseline !== undefined && typeof props.allowMissingBaseline !== 'boolean') {
      throw new AppflowInputError(WHERE, 'properties.allowMissingBaseline', props.allowMissingBaseline, 'it is not a boolean',
        'true (a missing baseline passes with a note: the first synth) or false (the default: it fails)');
    }
    if (props.failOn !== undefined && !['error', 'warning', 'never'].includes(props.failOn)) {
      throw new AppflowInputError(WHERE, 'properties.failOn', props.failOn, 'it is not a severity', '"error" (the default), "warning", or "never" (report only)');
    }
    this.acknowledgements = checkAcknowledgements(WHERE, 'properties.acknowledge', props.acknowledge);
    this.props = props;
  }

  /** Runs the guard: reads the new manifests and the baseline, compares them and fills the report. */
  public async validate(context: ValidationContextLike): Promise<void> {
    const report = context.report;
    const summary: Record<string, string> = { baseline: this.describeBaseline() };
    const fail = (problem: string, fix: string) => {
      report.addViolation({ ruleName: 'guard/baseline', recommendation: problem, fix, violatingResources: [] });
      report.submit('failure', summary);
    };

    const files: ManifestFile[] = context.manifests.map((file) => ({ file, documents: context.parseManifest(file) }));
    const current: SourcedObject[] = files.flatMap(({ file, documents }) =>
      documents.filter((o) => o !== null && o !== undefined).map((object) => ({ object, source: file })));

    // A baseline that is not there, or holds no manifests (a folder above the manifests, a checkout without them), would
    // report no changes where there may be any: the guard fails closed, unless a first synth allows it.
    const noBaseline = (what: string, briefly: string) => {
      if (this.props.allowMissingBaseline === true) {
        summary.note = `no baseline (${briefly}): nothing to compare, as on a first synth (allowMissingBaseline)`;
        report.submit('success', summary);
        return;
      }
      fail(`${what}. The change guard fails closed: with no baseline it cannot tell what the changes would do, `
        + 'and passing would report no changes where there may be any',
      'make the baseline (copy the deployed manifests there, e.g. cp -r dist dist.baseline before the synth, or commit dist/ at the ref), correct '
        + `${this.props.baselineDir !== undefined ? 'baselineDir' : 'baselineGitRef, baselinePath or repoDir'}, or, for the first synth of a project, `
        + 'set allowMissingBaseline: true in the properties of the change guard');
    };
    let baseline: SourcedObject[];
    try {
      baseline = this.readBaseline(context.manifests);
    } catch (error) {
      if (error instanceof BaselineError && error.problem === 'missing') {
        noBaseline(`the baseline does not exist: ${error.message}`, error.message);
        return;
      }
      fail(`the baseline cannot be read: ${(error as Error).message}`, 'fix the baseline properties of the change guard in cdk8s.yaml, or synth with --no-validate');
      return;
    }
    if (baseline.length === 0 && current.length > 0) {
      const empty = `the baseline holds no manifests: no Kubernetes object in the YAML files of ${this.describeBaseline()} (files in folders below it are not read)`;
      noBaseline(empty, empty);
      return;
    }

    let findings: ChangeFinding[];
    try {
      findings = ChangeGuard.compare(baseline.map((o) => o.object), current.map((o) => o.object), {
        acknowledge: this.acknowledgements,
        failOn: this.props.failOn === 'warning' ? ChangeSeverity.WARNING : ChangeSeverity.ERROR,
      });
    } catch (error) {
      fail((error as Error).message, `correct the ${ChangeGuard.ACKNOWLEDGE_ANNOTATION} annotation: one "<rule>: <reason>" per line`);
      return;
    }

    const currentFiles = filesByKey(current);
    const baselineFiles = filesByKey(baseline);
    // cdk8s-cli shows a violating resource's construct path by looking its resourceName up in the construct metadata,
    // which it keys by object name only (a StatefulSet and its NetworkPolicy share one): as in the validation plugin,
    // the resources are named by kind, namespace and name, with the paths that can be told under those names.
    const paths = constructPathsOf(files, context.metadata);
    const metadata = context.metadata as { [name: string]: { path: string } } | undefined;
    for (const f of findings) {
      const key = identityKeyOf(f);
      const constructPath = paths.get(key);
      if (constructPath !== undefined && metadata && typeof metadata === 'object' && Object.isExtensible(metadata)) {
        metadata[describeResource(f)] = { path: constructPath };
      }
      const state = f.acknowledged ? `acknowledged: ${f.reason}` : f.severity;
      const values = f.before !== undefined || f.after !== undefined ? `: ${f.before ?? '(absent)'} → ${f.after ?? '(absent)'}` : '';
      report.addViolation({
        ruleName: `${f.rule} (${state})`,
        recommendation: `${f.consequence}.`,
        fix: f.remedy,
        violatingResources: [{
          resourceName: describeResource(f),
          locations: [`${describeResource(f)} ${f.field}${values}`],
          manifestPath: currentFiles.get(key) ?? baselineFiles.get(key) ?? '(unknown)',
        }],
      });
    }
    const failing = findings.filter((f) => f.failing);
    const count = (predicate: (f: ChangeFinding) => boolean) => findings.filter(predicate).length;
    summary.findings = `${findings.length} (${failing.length} failing, ${count((f) => f.acknowledged)} acknowledged, `
      + `${count((f) => !f.acknowledged && f.severity === ChangeSeverity.WARNING)} unacknowledged warnings)`;
    report.submit(failing.length > 0 && this.props.failOn !== 'never' ? 'failure' : 'success', summary);
  }

  private describeBaseline(): string {
    return this.props.baselineDir !== undefined
      ? path.resolve(this.props.baselineDir)
      : `${this.props.baselineGitRef}:${this.props.baselinePath ?? 'dist'} (git, in ${path.resolve(this.props.repoDir ?? '.')})`;
  }

  private readBaseline(manifests: readonly string[]): SourcedObject[] {
    if (this.props.baselineDir !== undefined) {
      const dir = path.resolve(this.props.baselineDir);
      const inside = manifests.find((m) => {
        const relative = path.relative(dir, path.resolve(m));
        return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
      });
      if (inside) {
        throw new Error(`the baseline directory ${dir} holds the new manifests (${inside}): cdk8s synth empties its output directory before it writes, `
          + 'so it cannot be the baseline. Copy the previous output elsewhere before the synth (cp -r dist dist.baseline), or use baselineGitRef');
      }
      return readDirectory(dir);
    }
    return readGitRef(this.props.repoDir ?? '.', this.props.baselineGitRef!, this.props.baselinePath ?? 'dist');
  }
}

/**
 * The construct path of each object of the synthesis that can be told, by identity key: as the validation plugin tells
 * them (the record of cdk8s where the name is the object's own, else the pod template's label of a workload).
 */
function constructPathsOf(files: readonly ManifestFile[], recorded: RecordedConstructPaths | undefined): Map<string, string> {
  const placed = readObjects(files).objects.map((o) => ({ ...o, name: o.id.name }));
  const attributed = attributeConstructPaths(placed, recorded);
  return new Map(placed.flatMap((o) => {
    const constructPath = attributed.get(o) ?? constructPathFromPodLabel(o);
    return constructPath === undefined ? [] : [[identityKeyOf(o.id), constructPath] as const];
  }));
}

function filesByKey(objects: SourcedObject[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const { object, source } of objects) {
    const r = resourceOf(object);
    if (r) {
      files.set(r.key, source);
    }
  }
  return files;
}
