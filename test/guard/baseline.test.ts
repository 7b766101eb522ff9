import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { shop, summary } from './shop';
import { ChangeGuard, ChangeRule } from '../../src';

const BASE = shop();

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-guard-'));
}

/** Writes manifests as cdk8s synth does: one multi-document YAML file per chart. */
function writeDist(dir: string, files: Record<string, any[]>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, manifests] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), Yaml.stringify(...manifests));
  }
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf-8' });
  if (result.status !== 0) {
    throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  }
  return result.stdout;
}

describe('a baseline from a directory', () => {
  test('every .yaml and .yml file, multi-document, in name order; other files and subdirectories ignored', () => {
    const dir = tempDir();
    const half = Math.floor(BASE.length / 2);
    writeDist(dir, { 'b.k8s.yaml': BASE.slice(half), 'a.k8s.yaml': BASE.slice(0, half) });
    fs.writeFileSync(path.join(dir, 'extra.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n---\n# only a comment\n');
    fs.writeFileSync(path.join(dir, 'web.topology.md'), '# not YAML: {{');
    writeDist(path.join(dir, 'urls'), { 'ignored.yaml': [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nested' } }] });
    const loaded = ChangeGuard.loadDirectory(dir);
    expect(loaded.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([...BASE, { kind: 'ConfigMap', metadata: { name: 'extra' } }].map((m) => `${m.kind}/${m.metadata.name}`));
    expect(ChangeGuard.compare(loaded, BASE)).toEqual([]);
    expect(summary(ChangeGuard.compare(loaded, shop({ claimGi: 10 })))).toEqual(['guard/claim-shrunk error PersistentVolumeClaim shop/uploads spec.resources.requests.storage']);
  });

  test('a List is expanded; documents that are not Kubernetes objects are skipped', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'list.yaml'), Yaml.stringify({ apiVersion: 'v1', kind: 'List', items: BASE }, { just: 'data' }, 'a string'));
    expect(ChangeGuard.loadDirectory(dir)).toHaveLength(BASE.length);
  });

  test('a <Kind>List (DeploymentList, ConfigMapList...) is read item by item; items without apiVersion and kind get the list\'s', () => {
    const dir = tempDir();
    const byKind = (kind: string) => BASE.filter((m) => m.kind === kind);
    const others = BASE.filter((m) => !['Deployment', 'ConfigMap'].includes(m.kind));
    // As the API server writes a typed list: the items without apiVersion and kind.
    const bare = (m: any) => {
      const { apiVersion: _a, kind: _k, ...rest } = m;
      return rest;
    };
    fs.writeFileSync(path.join(dir, 'lists.yaml'), Yaml.stringify(
      { apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: { resourceVersion: '1' }, items: byKind('Deployment').map(bare) },
      { apiVersion: 'v1', kind: 'ConfigMapList', items: byKind('ConfigMap') },
      { apiVersion: 'v1', kind: 'List', items: others },
    ));
    const loaded = ChangeGuard.loadDirectory(dir);
    expect(loaded).toHaveLength(BASE.length);
    expect(loaded.filter((m) => m.kind === 'Deployment').map((m) => m.apiVersion)).toEqual(byKind('Deployment').map(() => 'apps/v1'));
    expect(ChangeGuard.compare(loaded, BASE)).toEqual([]);
    expect(summary(ChangeGuard.compare(loaded, shop({ claimGi: 10 })))).toEqual(['guard/claim-shrunk error PersistentVolumeClaim shop/uploads spec.resources.requests.storage']);
  });

  test('a missing directory, a file, invalid YAML: errors that name the path', () => {
    const dir = tempDir();
    expect(() => ChangeGuard.loadDirectory(path.join(dir, 'nope'))).toThrow(`the baseline directory ${path.join(dir, 'nope')} does not exist`);
    fs.writeFileSync(path.join(dir, 'file.yaml'), 'a: [1, 2\n');
    expect(() => ChangeGuard.loadDirectory(path.join(dir, 'file.yaml'))).toThrow(/is not a directory/);
    expect(() => ChangeGuard.loadDirectory(dir)).toThrow(new RegExp(`^${escape(path.join(dir, 'file.yaml'))} is not valid YAML: `));
  });
});

describe('a baseline from a git ref', () => {
  /** A repository whose first commit has dist/ with the baseline, and a working tree with the new manifests. */
  function repository(): { repo: string; first: string } {
    const repo = tempDir();
    git(repo, 'init', '--quiet', '--initial-branch=main');
    writeDist(path.join(repo, 'dist'), { 'shop.k8s.yaml': BASE });
    fs.writeFileSync(path.join(repo, 'README.md'), 'shop\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'baseline');
    const first = git(repo, 'rev-parse', 'HEAD').trim();
    // The change, committed on top: dist/ of HEAD is the new version, dist/ of HEAD~1 the baseline.
    writeDist(path.join(repo, 'dist'), { 'shop.k8s.yaml': shop({ claimName: 'files' }) });
    git(repo, 'commit', '--quiet', '-am', 'rename the claim');
    // And an uncommitted change in the working tree, which the baseline never sees.
    writeDist(path.join(repo, 'dist'), { 'shop.k8s.yaml': [] });
    return { repo, first };
  }

  test('reads dist/ at a ref (branch, HEAD~1, commit, tag), not the working tree', () => {
    const { repo, first } = repository();
    git(repo, 'tag', 'v1', first);
    for (const ref of ['HEAD~1', first, 'v1']) {
      const baseline = ChangeGuard.loadGitRef(repo, ref, 'dist');
      expect(baseline.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(BASE.map((m) => `${m.kind}/${m.metadata.name}`));
    }
    const findings = ChangeGuard.compare(ChangeGuard.loadGitRef(repo, 'HEAD~1', 'dist'), ChangeGuard.loadGitRef(repo, 'main', 'dist'));
    expect(summary(findings)).toEqual(['guard/claim-renamed error PersistentVolumeClaim shop/files metadata.name']);
    expect(findings[0].consequence).toMatch(/new, empty claim files/);
  });

  test('from a subdirectory of the working tree, the path is relative to it', () => {
    const { repo } = repository();
    expect(ChangeGuard.loadGitRef(path.join(repo, 'dist'), 'HEAD~1', '.')).toHaveLength(BASE.length);
  });

  test('a ref or path with shell characters is passed to git as an argument, never to a shell', () => {
    const { repo } = repository();
    const marker = path.join(repo, 'pwned');
    expect(() => ChangeGuard.loadGitRef(repo, `main;touch${marker}`, 'dist')).toThrow(/is unknown/);
    expect(() => ChangeGuard.loadGitRef(repo, 'main', `dist$(touch ${marker})`)).toThrow(/does not exist at main/);
    expect(() => ChangeGuard.loadGitRef(repo, '--output=/tmp/x', 'dist')).toThrow(/invalid git ref "--output=\/tmp\/x"/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('clear errors: an unknown ref, a path absent at the ref, a file, not a repository, git missing', () => {
    const { repo } = repository();
    expect(() => ChangeGuard.loadGitRef(repo, 'origin/main', 'dist'))
      .toThrow(`the git ref "origin/main" is unknown in ${repo}: fetch it first (a shallow CI clone has only its own branch: git fetch origin main), or name a branch, tag or commit that exists`);
    expect(() => ChangeGuard.loadGitRef(repo, 'HEAD~1', 'manifests')).toThrow(/^manifests does not exist at HEAD~1 \([0-9a-f]{12}\)$/);
    expect(() => ChangeGuard.loadGitRef(repo, 'HEAD', 'README.md')).toThrow(/README.md is a file at HEAD .*, not a directory/);
    expect(() => ChangeGuard.loadGitRef(repo, 'HEAD', '../elsewhere')).toThrow(/is outside the repository/);
    const notRepo = tempDir();
    expect(() => ChangeGuard.loadGitRef(notRepo, 'main', 'dist')).toThrow(new RegExp(`^${escape(notRepo)} is not in a git working tree`));
    const pathBefore = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      expect(() => ChangeGuard.loadGitRef(repo, 'main', 'dist')).toThrow(/^git is not installed \(or not on the PATH\)/);
    } finally {
      process.env.PATH = pathBefore;
    }
  });

  test('acknowledging by options works with a git baseline as with any other', () => {
    const { repo } = repository();
    const findings = ChangeGuard.compare(ChangeGuard.loadGitRef(repo, 'HEAD~1', 'dist'), ChangeGuard.loadGitRef(repo, 'HEAD', 'dist'), {
      acknowledge: [{ rule: ChangeRule.CLAIM_RENAMED, name: 'files', reason: 'data copied by the migration Job' }],
    });
    expect(findings.map((f) => f.failing)).toEqual([false]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
