/**
 * The change guard as a cdk8s validation plugin, run directly with a context shaped like cdk8s-cli's
 * ValidationContext (the real CLI run is wired elsewhere).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { Validation, ValidationContext } from 'cdk8s-cli/plugins';
import { shop } from './shop';
import { ChangeGuard, ChangeRule } from '../../src';
import { AppflowInputError } from '../../src/core/errors';
import { AppflowChangeGuard, AppflowChangeGuardProps, ValidationContextLike } from '../../src/guard/plugin';

const BASE = shop();

// The plugin fits the CLI's contract (checked by the compiler), and the CLI's context fits the plugin.
const asValidation: (props: AppflowChangeGuardProps) => Validation = (props) => new AppflowChangeGuard(props);
const contextFits: (context: ValidationContext) => ValidationContextLike = (context) => context;

interface Violation {
  ruleName: string;
  recommendation: string;
  fix: string;
  violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
}

class FakeContext implements ValidationContextLike {
  public readonly violations: Violation[] = [];
  public status?: string;
  public summary?: Record<string, string>;
  public readonly report = {
    addViolation: (v: any) => {
      if (this.status) {
        throw new Error('Violations cannot be added to report after its submitted');
      }
      this.violations.push(v);
    },
    submit: (status: 'success' | 'failure', metadata?: { readonly [key: string]: string }) => {
      this.status = status;
      this.summary = { ...metadata };
    },
  };
  constructor(public readonly manifests: string[], public readonly metadata: { [name: string]: { path: string } } = {}) {}
  public parseManifest(file: string): any[] {
    return Yaml.load(file);
  }
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-guard-plugin-'));
}

/** Writes manifests to a directory as synth does and returns the file. */
function write(dir: string, manifests: any[], file = 'shop.k8s.yaml'): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), Yaml.stringify(...manifests));
  return path.join(dir, file);
}

async function run(props: AppflowChangeGuardProps, current: any[], metadata?: { [name: string]: { path: string } }): Promise<FakeContext> {
  const out = tempDir();
  const context = new FakeContext([write(path.join(out, 'dist'), current)], metadata);
  await new AppflowChangeGuard(props).validate(context);
  return context;
}

describe('the validation plugin', () => {
  test('fails on a dangerous change, reporting the resource, file, construct path, rule, what happens and the fix', async () => {
    const baselineDir = tempDir();
    write(baselineDir, BASE);
    const metadata = { mysql: { path: 'shop/Db/Workload/Resource' } };
    const context = await run({ baselineDir }, shop({ templates: [{ name: 'data', gi: 20 }] }), metadata);
    expect(context.status).toBe('failure');
    expect(context.violations).toHaveLength(1);
    const [v] = context.violations;
    expect(v.ruleName).toBe('guard/claim-template-changed (error)');
    expect(v.recommendation).toMatch(/^volumeClaimTemplates are immutable.*data-mysql-N keep 10Gi\.$/);
    expect(v.fix).toMatch(/^expand each existing claim first/);
    expect(v.violatingResources).toEqual([{
      resourceName: 'StatefulSet shop/mysql', // the CLI finds the construct path (context.metadata) by this name
      manifestPath: expect.stringMatching(/dist\/shop\.k8s\.yaml$/),
      locations: ['StatefulSet shop/mysql spec.volumeClaimTemplates[data].spec.resources.requests.storage: 10Gi → 20Gi'],
    }]);
    expect(context.summary).toEqual({ baseline: baselineDir, findings: '1 (1 failing, 0 acknowledged, 0 unacknowledged warnings)' });
    expect(metadata).toEqual({ 'mysql': { path: 'shop/Db/Workload/Resource' }, 'StatefulSet shop/mysql': { path: 'shop/Db/Workload/Resource' } });
  });

  test('a name that two objects share: the construct path of the other one is never shown (the CLI looks paths up by name), the pod label tells the workload\'s', async () => {
    const baselineDir = tempDir();
    write(baselineDir, BASE);
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'mysql', namespace: 'shop' }, spec: { podSelector: {} } };
    const file = write(path.join(tempDir(), 'dist'), [...shop({ templates: [{ name: 'data', gi: 20 }] }), policy]);
    // cdk8s records one path per name: the last object of that name, the NetworkPolicy.
    const context = new ValidationContext([file], 'cdk8s-appflow', '0.0.0', { mysql: { path: 'shop/Db/NetworkPolicy/Resource' } }, false);
    await new AppflowChangeGuard({ baselineDir }).validate(context);
    const text = context.report.toString();
    expect(text).toContain('guard/claim-template-changed (error)');
    expect(text).not.toContain('shop/Db/NetworkPolicy/Resource');
    // The StatefulSet's own path, read from the cdk8s-plus label of its pods.
    expect(text).toContain('Construct Path: shop/Db/Workload/Resource');
  });

  test('with the CLI\'s own ValidationContext: the report shows the construct path from the metadata', async () => {
    const baselineDir = tempDir();
    write(baselineDir, BASE);
    const file = write(path.join(tempDir(), 'dist'), shop({ claimGi: 10 }));
    const context = new ValidationContext([file], 'cdk8s-appflow', '0.0.0', { uploads: { path: 'shop/Uploads/Resource' } }, false);
    await new AppflowChangeGuard({ baselineDir }).validate(context);
    expect(context.report.success).toBe(false);
    const text = context.report.toString();
    expect(text).toContain('guard/claim-shrunk (error)');
    expect(text).toContain('Construct Path: shop/Uploads/Resource');
    expect(text).toContain(`Manifest Path: ${file}`);
    expect(text).toContain('PersistentVolumeClaim shop/uploads spec.resources.requests.storage: 20Gi → 10Gi');
    expect(text).toContain('Recommendation: Kubernetes refuses to shrink a claim');
    expect(text).toContain('How to fix: keep 20Gi: a volume cannot shrink');
    expect(context.report.toJson().summary.metadata).toEqual({ baseline: baselineDir, findings: '1 (1 failing, 0 acknowledged, 0 unacknowledged warnings)' });
  });

  test('passes on harmless changes', async () => {
    const baselineDir = tempDir();
    write(baselineDir, BASE);
    const context = await run({ baselineDir }, shop({ webImage: 'nginxinc/nginx-unprivileged:1.27.4-alpine', webReplicas: 4, dbReplicas: 3 }));
    expect(context.status).toBe('success');
    expect(context.violations).toEqual([]);
  });

  test('warnings and acknowledged findings are reported without failing; failOn: warning fails on warnings', async () => {
    const baselineDir = tempDir();
    write(baselineDir, shop({ claimProtected: true }));
    const current = shop({ withClaim: false, claimGi: 10, templates: [{ name: 'data', gi: 20 }] });
    const acknowledge = [{ rule: ChangeRule.CLAIM_TEMPLATE_CHANGED, name: 'mysql', reason: 'claims expanded by hand' }];
    const context = await run({ baselineDir, acknowledge }, current);
    expect(context.status).toBe('success');
    expect(context.violations.map((v) => v.ruleName)).toEqual(['guard/claim-template-changed (acknowledged: claims expanded by hand)', 'guard/claim-removed (warning)']);
    // The removed claim is reported in the baseline's file.
    expect(context.violations[1].violatingResources[0].manifestPath).toBe(path.join(baselineDir, 'shop.k8s.yaml'));
    expect(context.summary!.findings).toBe('2 (0 failing, 1 acknowledged, 1 unacknowledged warnings)');
    expect((await run({ baselineDir, acknowledge, failOn: 'warning' }, current)).status).toBe('failure');
  });

  test('failOn: never reports without failing', async () => {
    const baselineDir = tempDir();
    write(baselineDir, BASE);
    const context = await run({ baselineDir, failOn: 'never' }, shop({ claimGi: 10 }));
    expect(context.status).toBe('success');
    expect(context.violations.map((v) => v.ruleName)).toEqual(['guard/claim-shrunk (error)']);
  });

  test('an acknowledgement annotation in the new manifests', async () => {
    const baselineDir = tempDir();
    write(baselineDir, BASE);
    const current = shop({ claimGi: 10 }).map((m) => m.kind === 'PersistentVolumeClaim'
      ? { ...m, metadata: { ...m.metadata, annotations: { [ChangeGuard.ACKNOWLEDGE_ANNOTATION]: 'guard/claim-shrunk: the claim was re-created smaller' } } } : m);
    const context = await run({ baselineDir }, current);
    expect(context.status).toBe('success');
    expect(context.violations.map((v) => v.ruleName)).toEqual(['guard/claim-shrunk (acknowledged: the claim was re-created smaller)']);
  });

  test('a bad annotation fails the report with the house error', async () => {
    const baselineDir = tempDir();
    write(baselineDir, BASE);
    const current = BASE.map((m) => m.kind === 'Job' ? { ...m, metadata: { ...m.metadata, annotations: { [ChangeGuard.ACKNOWLEDGE_ANNOTATION]: 'guard/job-template-changed' } } } : m);
    const context = await run({ baselineDir }, current);
    expect(context.status).toBe('failure');
    expect(context.violations[0].ruleName).toBe('guard/baseline');
    expect(context.violations[0].recommendation).toMatch(/^batch\/v1 Job shop\/import: invalid metadata.annotations\["cdk8s-appflow\/acknowledge-change"\]/);
  });

  test('no baseline directory: fails closed, saying so and how to proceed', async () => {
    const context = await run({ baselineDir: path.join(tempDir(), 'dist.baseline') }, BASE);
    expect(context.status).toBe('failure');
    expect(context.violations).toHaveLength(1);
    expect(context.violations[0].ruleName).toBe('guard/baseline');
    expect(context.violations[0].recommendation).toMatch(/^the baseline does not exist: the baseline directory .*dist\.baseline does not exist\. The change guard fails closed/);
    expect(context.violations[0].fix).toMatch(/cp -r dist dist\.baseline/);
    expect(context.violations[0].fix).toMatch(/correct baselineDir/);
    expect(context.violations[0].fix).toMatch(/allowMissingBaseline: true/);
    expect(context.summary!.note).toBeUndefined();
  });

  test('no baseline yet with allowMissingBaseline (the first synth): passes with a note', async () => {
    const context = await run({ baselineDir: path.join(tempDir(), 'dist.baseline'), allowMissingBaseline: true }, BASE);
    expect(context.status).toBe('success');
    expect(context.violations).toEqual([]);
    expect(context.summary!.note).toMatch(/^no baseline \(the baseline directory .*dist.baseline does not exist\): nothing to compare, as on a first synth \(allowMissingBaseline\)$/);
  });

  test('a baseline directory that holds no manifests (here, only in a folder below it) fails closed too, unless a first synth allows it', async () => {
    const baselineDir = tempDir();
    write(path.join(baselineDir, 'dist'), BASE);
    const context = await run({ baselineDir }, BASE);
    expect(context.status).toBe('failure');
    expect(context.violations.map((v) => v.ruleName)).toEqual(['guard/baseline']);
    expect(context.violations[0].recommendation).toMatch(
      /^the baseline holds no manifests: no Kubernetes object in the YAML files of .* \(files in folders below it are not read\)\. The change guard fails closed/);
    expect(context.violations[0].fix).toMatch(/correct baselineDir/);
    const first = await run({ baselineDir, allowMissingBaseline: true }, BASE);
    expect(first.status).toBe('success');
    expect(first.summary!.note).toMatch(/^no baseline \(the baseline holds no manifests: /);
    // No manifests on either side: nothing changed.
    expect((await run({ baselineDir: tempDir() }, [])).status).toBe('success');
  });

  test('the output directory as baseline is refused: synth empties it first', async () => {
    const out = tempDir();
    const file = write(path.join(out, 'dist'), BASE);
    const context = new FakeContext([file]);
    await new AppflowChangeGuard({ baselineDir: path.join(out, 'dist') }).validate(context);
    expect(context.status).toBe('failure');
    expect(context.violations[0].recommendation).toMatch(/holds the new manifests .*cdk8s synth empties its output directory before it writes/);
    expect(context.violations[0].recommendation).toMatch(/cp -r dist dist.baseline/);
  });

  describe('a git baseline', () => {
    function git(cwd: string, ...args: string[]): void {
      const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf-8' });
      if (result.status !== 0) {
        throw new Error(result.stderr);
      }
    }

    test('baselineGitRef and baselinePath: the committed dist/', async () => {
      const repo = tempDir();
      git(repo, 'init', '--quiet', '--initial-branch=main');
      write(path.join(repo, 'dist'), BASE);
      git(repo, 'add', '.');
      git(repo, 'commit', '--quiet', '-m', 'baseline');
      const context = await run({ baselineGitRef: 'main', baselinePath: 'dist', repoDir: repo }, shop({ dbName: 'mariadb' }));
      expect(context.status).toBe('failure');
      expect(context.violations.map((v) => v.ruleName)).toEqual(['guard/statefulset-renamed (error)']);
      expect(context.summary!.baseline).toBe(`main:dist (git, in ${repo})`);
      // A path that is not at the ref: fails closed, unless allowed (the first synth).
      const missing = await run({ baselineGitRef: 'main', baselinePath: 'manifests', repoDir: repo }, BASE);
      expect(missing.status).toBe('failure');
      expect(missing.violations[0].recommendation).toMatch(/^the baseline does not exist: manifests does not exist at main .*fails closed/);
      expect(missing.violations[0].fix).toMatch(/correct baselineGitRef, baselinePath or repoDir/);
      const first = await run({ baselineGitRef: 'main', baselinePath: 'manifests', repoDir: repo, allowMissingBaseline: true }, BASE);
      expect(first.status).toBe('success');
      expect(first.summary!.note).toMatch(/manifests does not exist at main/);
      // A repository directory that does not exist fails too.
      const noRepo = await run({ baselineGitRef: 'main', repoDir: path.join(repo, 'nope') }, BASE);
      expect(noRepo.status).toBe('failure');
      expect(noRepo.violations[0].recommendation).toMatch(/the repository directory .*nope does not exist/);
      // An unknown ref: a failure that says how to fetch it.
      const unknown = await run({ baselineGitRef: 'origin/main', repoDir: repo }, BASE);
      expect(unknown.status).toBe('failure');
      expect(unknown.violations[0].recommendation).toMatch(/the git ref "origin\/main" is unknown .*git fetch origin main/);
    });
  });

  describe('bad properties are refused with the house error format', () => {
    function refusal(props: any): AppflowInputError {
      try {
        new AppflowChangeGuard(props);
      } catch (e) {
        expect(e).toBeInstanceOf(AppflowInputError);
        return e as AppflowInputError;
      }
      throw new Error('expected a refusal');
    }

    test.each<[string, any, string]>([
      ['no baseline', {}, 'AppflowChangeGuard: invalid properties.baselineDir (undefined): neither baselineDir nor baselineGitRef is given. Expected exactly one baseline: '
        + 'baselineDir (a directory of manifests), or baselineGitRef with baselinePath (a directory at a git ref, e.g. origin/main and dist).'],
      ['two baselines', { baselineDir: 'b', baselineGitRef: 'main' }, 'AppflowChangeGuard: invalid properties.baselineDir "b": baselineGitRef is given too. Expected exactly one baseline: '
        + 'baselineDir (a directory of manifests), or baselineGitRef with baselinePath (a directory at a git ref, e.g. origin/main and dist).'],
      ['baselinePath without a ref', { baselineDir: 'b', baselinePath: 'dist' }, 'AppflowChangeGuard: invalid properties.baselinePath "dist": it only applies to a baseline at a git ref. '
        + 'Expected baselineGitRef with it, or baselineDir alone.'],
      ['an unknown property', { baselineRef: 'main' }, 'AppflowChangeGuard: invalid properties.baselineRef "main": it is not a property of the change guard. '
        + 'Expected only baselineDir, baselineGitRef, baselinePath, repoDir, acknowledge, failOn, allowMissingBaseline.'],
      ['a non-boolean allowMissingBaseline', { baselineDir: 'b', allowMissingBaseline: 'yes' }, 'AppflowChangeGuard: invalid properties.allowMissingBaseline "yes": it is not a boolean. '
        + 'Expected true (a missing baseline passes with a note: the first synth) or false (the default: it fails).'],
      ['a bad failOn', { baselineDir: 'b', failOn: 'always' }, 'AppflowChangeGuard: invalid properties.failOn "always": it is not a severity. Expected "error" (the default), "warning", or "never" (report only).'],
      ['an acknowledgement without a reason', { baselineDir: 'b', acknowledge: [{ rule: ChangeRule.CLAIM_REMOVED }] },
        'AppflowChangeGuard: invalid properties.acknowledge[0].reason (undefined): an acknowledgement needs a reason: why the change is deliberate, and what was done about it. '
        + 'Expected a non-empty reason, e.g. "claims expanded by hand; StatefulSet re-created with --cascade=orphan".'],
      ['an empty ref', { baselineGitRef: '' }, 'AppflowChangeGuard: invalid properties.baselineGitRef "": it is not a non-empty string. Expected a branch, tag or commit, e.g. "origin/main".'],
    ])('%s', (_what, props, message) => {
      expect(refusal(props).message).toBe(message);
    });
  });

  test('type-level fit with cdk8s-cli', () => {
    expect(asValidation({ baselineDir: 'b' }).validate).toBeInstanceOf(Function);
    expect(contextFits).toBeInstanceOf(Function);
  });
});
