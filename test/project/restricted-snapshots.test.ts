/**
 * Every pod in every YAML snapshot of the repository meets the Pod Security Standards "restricted" profile,
 * unless the workload that made it chose another profile or relaxed a rule on purpose (and then only that
 * rule may be broken): the pod template names them in its annotations.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { PodSecurity, PodSecurityProblem, SecurityProfile, SecurityRelaxation } from '../../src';
import { RELAXED_RULES } from '../support/relaxed-rules';
import { REPO_ROOT } from '../support/shared';


function snapshotFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : snapshotFiles(full);
    }
    return entry.name.endsWith('.snap') && path.basename(dir) === '__snapshots__' ? [full] : [];
  });
}

function podTemplateMetadata(manifest: any): any {
  switch (manifest.kind) {
    case 'Pod': return manifest.metadata;
    case 'CronJob': return manifest.spec?.jobTemplate?.spec?.template?.metadata;
    default: return manifest.spec?.template?.metadata;
  }
}

function readSnapshots(source: string): Record<string, string> {
  const snapshots: Record<string, string> = {};
  const pattern = /^exports\[`((?:[^`\\]|\\.)*)`\] = `((?:[^`\\]|\\.)*)`;$/gms;
  for (const match of source.matchAll(pattern)) {
    snapshots[match[1]] = match[2].replace(/\\([`\\$])/g, '$1');
  }
  return snapshots;
}

const files = [...snapshotFiles(path.join(REPO_ROOT, 'test')), ...snapshotFiles(path.join(REPO_ROOT, 'examples'))];
const pods: Array<{ where: string; manifest: any }> = [];
for (const file of files) {
  // A snapshot file is a CommonJS module of `exports[name] = \`...\``: read the strings without running it.
  const snapshots = readSnapshots(fs.readFileSync(file, 'utf-8'));
  for (const [name, value] of Object.entries(snapshots)) {
    if (typeof value !== 'string' || !value.startsWith('\n---\n#')) {
      continue;
    }
    for (const doc of YAML.parseAllDocuments(value)) {
      const manifest = doc.toJS();
      if (manifest && podTemplateMetadata(manifest) !== undefined && ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(manifest.kind)) {
        pods.push({ where: `${path.relative(REPO_ROOT, file)} [${name}] ${manifest.kind} ${manifest.metadata?.name}`, manifest });
      }
    }
  }
}

test('the snapshots hold pods of every kind', () => {
  const kinds = new Set(pods.map((p) => p.manifest.kind));
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']) {
    expect(kinds).toContain(kind);
  }
});

test('every pod meets the restricted profile, but for what its workload chose or relaxed on purpose', () => {
  const unexpected: string[] = [];
  for (const { where, manifest } of pods) {
    const annotations = podTemplateMetadata(manifest)?.annotations ?? {};
    const profile = (annotations['cdk8s-appflow/security-profile'] ?? SecurityProfile.RESTRICTED) as SecurityProfile;
    const relaxed = new Set(String(annotations['cdk8s-appflow/security-relaxations'] ?? '').split(',').filter((r) => r)
      .flatMap((r) => RELAXED_RULES[r as SecurityRelaxation] ?? [`unknown relaxation ${r}`]));
    const problems: PodSecurityProblem[] = PodSecurity.problemsOf(manifest, profile);
    for (const p of problems.filter((x) => !relaxed.has(x.rule))) {
      unexpected.push(`${where}: ${p.rule} at ${p.path}: ${p.message}`);
    }
  }
  expect(unexpected).toEqual([]);
});
