import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGE_ANNOTATION, checkAcknowledgements, checkFailOn, finish, withAcknowledgement } from './acknowledgements';
import { readDirectory, readGitRef } from './baseline';
import { ChangeFinding, ChangeGuardOptions, ChangeRule } from './model';
import { indexResources } from './resources';
import { findChanges } from './rules/find-changes';
import { AppflowInputError, inputError } from '../core/errors';

/**
 * A change guard: compares new manifests with a baseline (the manifests that are deployed, e.g. the previous
 * `dist/`) and finds the changes that lose data or that the API server refuses — a claim removed, renamed, shrunk
 * or moved; a StatefulSet's claim templates, serviceName or podManagementPolicy changed; a workload's selector
 * changed; a Job's template changed; a Service's cluster IP, IP family or load balancer class changed. Harmless
 * changes (images, replicas, resources, labels other than selectors, annotations, new objects) find nothing.
 *
 * Each finding says what would happen and how to proceed. A deliberate change is acknowledged with the annotation
 * `cdk8s-appflow/acknowledge-change: "<rule>: <reason>"` on the new resource (see `acknowledge()`), or with an
 * entry of `options.acknowledge`; acknowledged findings do not fail.
 *
 * Resources are identified by API group, kind, namespace and name (not by API version).
 *
 * @example
 * const findings = ChangeGuard.compare(ChangeGuard.loadDirectory('baseline'), Testing.synth(chart));
 */
export class ChangeGuard {
  /** The annotation of a new resource that acknowledges changes to it: one `<rule>: <reason>` per line. */
  public static readonly ACKNOWLEDGE_ANNOTATION = ACKNOWLEDGE_ANNOTATION;

  /**
   * Compares new manifests with a baseline.
   *
   * @param baseline the manifests that are deployed (e.g. `ChangeGuard.loadDirectory(...)`)
   * @param current the new manifests (e.g. `Testing.synth(chart)`)
   * @returns every finding, acknowledged ones included; `failing` tells which fail
   * @throws when an acknowledgement (of the options or of an annotation) has no reason or names an unknown rule
   */
  public static compare(baseline: any[], current: any[], options: ChangeGuardOptions = {}): ChangeFinding[] {
    const where = 'ChangeGuard';
    if (!Array.isArray(baseline)) {
      throw new AppflowInputError(where, 'baseline', baseline, 'it is not a list', 'a list of Kubernetes objects (e.g. ChangeGuard.loadDirectory(...))');
    }
    if (!Array.isArray(current)) {
      throw new AppflowInputError(where, 'current', current, 'it is not a list', 'a list of Kubernetes objects (e.g. Testing.synth(chart))');
    }
    const acknowledgements = checkAcknowledgements(where, 'acknowledge', options.acknowledge);
    const failOn = checkFailOn(where, 'failOn', options.failOn);
    return finish(findChanges(baseline, current), [...indexResources(current).values()], acknowledgements, failOn);
  }

  /**
   * Compares new manifests with a baseline and throws an error that lists every failing finding, if there is any.
   *
   * @returns every finding (acknowledged ones and warnings included) when none fails
   */
  public static assertSafe(baseline: any[], current: any[], options: ChangeGuardOptions = {}): ChangeFinding[] {
    const findings = ChangeGuard.compare(baseline, current, options);
    const failing = findings.filter((f) => f.failing);
    if (failing.length > 0) {
      throw new Error(`${failing.length} change${failing.length === 1 ? '' : 's'} would lose data or be refused by the API server:\n\n${ChangeGuard.format(failing)}`);
    }
    return findings;
  }

  /**
   * The findings as text, one paragraph each.
   */
  public static format(findings: ChangeFinding[]): string {
    return findings.map((f) => `- ${f.message}`).join('\n\n');
  }

  /**
   * Reads the manifests of a directory: every `*.yaml` and `*.yml` file in it (not in its subdirectories), each
   * with any number of YAML documents. Documents that are not Kubernetes objects are skipped; a `List` is expanded.
   *
   * @throws when the directory does not exist or a file is not valid YAML; the error names the path
   */
  public static loadDirectory(dir: string): any[] {
    return readDirectory(dir).map((o) => o.object);
  }

  /**
   * Reads the manifests of a directory as it is at a git ref (a branch, tag or commit: `origin/main`, `HEAD~1`),
   * with `git ls-tree` and `git cat-file` (the working tree is not touched): for repositories that commit `dist/`.
   *
   * @param repoDir a directory of the git working tree, usually its root
   * @param ref the branch, tag or commit
   * @param pathInRepo the directory of the manifests, relative to `repoDir` (e.g. `dist`)
   * @throws when git is missing, `repoDir` is not in a git working tree, the ref is unknown, or the directory does
   *   not exist at that ref
   */
  public static loadGitRef(repoDir: string, ref: string, pathInRepo: string): any[] {
    return readGitRef(repoDir, ref, pathInRepo).map((o) => o.object);
  }

  /**
   * Acknowledges a deliberate change of a resource: adds `<rule>: <reason>` to its
   * `cdk8s-appflow/acknowledge-change` annotation (a line per rule).
   *
   * @param scope the ApiObject, or a construct whose `apiObject` or default child is one (a cdk8s-plus-34
   *   resource, a PersistentClaim, a workload of this library)
   * @param rule the rule, e.g. `ChangeRule.CLAIM_TEMPLATE_CHANGED`
   * @param reason why the change is deliberate, and what was done about it
   */
  public static acknowledge(scope: IConstruct, rule: string, reason: string): void {
    if (!ChangeRule.ALL.includes(rule)) {
      throw inputError(scope, 'rule', rule, 'it is not a rule of the change guard', `one of ${ChangeRule.ALL.join(', ')}`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw inputError(scope, 'reason', reason, 'an acknowledgement needs a reason: why the change is deliberate, and what was done about it',
        'a non-empty reason, e.g. "claims expanded by hand; StatefulSet re-created with --cascade=orphan"');
    }
    if (reason.includes('\n')) {
      throw inputError(scope, 'reason', reason, 'it has a line break (the annotation holds one acknowledgement per line)', 'a reason on one line');
    }
    const apiObject = apiObjectOf(scope);
    if (!apiObject) {
      throw inputError(scope, 'scope', scope.node.path, 'it is not a Kubernetes object and has none as its apiObject or default child',
        'an ApiObject, a cdk8s-plus-34 resource, a PersistentClaim or a workload of this library');
    }
    const existing: string | undefined = apiObject.metadata.toJson().annotations?.[ACKNOWLEDGE_ANNOTATION];
    apiObject.metadata.addAnnotation(ACKNOWLEDGE_ANNOTATION, withAcknowledgement(existing, rule, reason));
  }

  private constructor() {}
}

function apiObjectOf(scope: IConstruct): ApiObject | undefined {
  if (scope instanceof ApiObject) {
    return scope;
  }
  const own = (scope as { apiObject?: unknown }).apiObject;
  if (own instanceof ApiObject) {
    return own;
  }
  try {
    return ApiObject.of(scope);
  } catch {
    return undefined;
  }
}
