/**
 * The failing and fixed YAML excerpts of the works-when-applied, rbac and api-versions rules in docs/validation.md
 * (`<!-- rule-example: <rule> fails|passes -->` before a ```yaml block, `<!-- rule-example: <rule> fails|passes for
 * Kubernetes <version> -->` for a target other than 1.27): each failing one yields its rule's finding and no other
 * finding of those families, each fixed one none; every rule of the three families has both.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { KubernetesVersion } from '../../src';
import { checkManifests, ClusterComponents, RULES } from '../../src/plugin';
import { kubernetesApis } from '../support/shared';

const DOC = path.join(__dirname, '..', '..', 'docs', 'validation.md');

/** The `cluster` properties the doc shows above the excerpts. */
const CLUSTER: ClusterComponents = {
  ingressController: { namespace: 'ingress-nginx' },
  prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  blackboxExporter: { namespace: 'monitoring' },
};

interface Excerpt {
  readonly rule: string;
  readonly outcome: 'fails' | 'passes';
  /** The target Kubernetes version the excerpt is checked for (the plugin's default, 1.27, unless told). */
  readonly kubernetesVersion?: KubernetesVersion;
  readonly line: number;
  readonly documents: unknown[];
}

function excerpts(): Excerpt[] {
  const text = fs.readFileSync(DOC, 'utf-8');
  const found: Excerpt[] = [];
  for (const m of text.matchAll(/<!-- rule-example: (\S+) (fails|passes)(?: for Kubernetes (\S+))? -->\n+```yaml\n([\s\S]*?)\n```/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    const parsed = parseAllDocuments(m[4]);
    const documents = (Array.isArray(parsed) ? parsed : [parsed]).map((d) => {
      expect(d.errors.map((e) => `docs/validation.md:${line}: ${e.message}`)).toEqual([]);
      return d.toJS();
    });
    found.push({ rule: m[1], outcome: m[2] as Excerpt['outcome'], kubernetesVersion: m[3] as KubernetesVersion | undefined, line, documents });
  }
  return found;
}

/** The rules that the doc shows with a failing and a fixed excerpt: those of the works-when-applied, rbac and api-versions families. */
const FAMILY = RULES.filter((r) => r.family === 'works-when-applied' || r.family === 'rbac' || r.family === 'api-versions').map((r) => r.id);
/** The api-versions rules, which run with the API definitions of the supported versions. */
const API_VERSIONS = RULES.filter((r) => r.family === 'api-versions').map((r) => r.id);

test('the doc shows the cluster properties the excerpts are checked with', () => {
  const text = fs.readFileSync(DOC, 'utf-8');
  expect(text).toContain('ingressController: { namespace: ingress-nginx }');
  expect(text).toContain('prometheus: { namespace: monitoring, podLabels: { app.kubernetes.io/name: prometheus } }');
  expect(text).toContain('blackboxExporter: { namespace: monitoring }');
});

test('every works-when-applied, rbac and api-versions rule has a failing and a fixed excerpt', () => {
  const all = excerpts();
  for (const rule of FAMILY) {
    expect([rule, all.filter((e) => e.rule === rule).map((e) => e.outcome).sort()]).toEqual([rule, ['fails', 'passes']]);
  }
  expect(all.filter((e) => !FAMILY.includes(e.rule)).map((e) => e.rule)).toEqual([]);
});

test.each(excerpts().map((e) => [`${e.rule} ${e.outcome} (docs/validation.md:${e.line})`, e] as const))('%s', (_, excerpt) => {
  const result = checkManifests([{ file: 'excerpt.yaml', documents: excerpt.documents }], {
    cluster: CLUSTER,
    ...(API_VERSIONS.includes(excerpt.rule) ? { kubernetesApis: kubernetesApis(), kubernetesVersion: excerpt.kubernetesVersion } : {}),
  });
  const rules = [...new Set(result.findings.filter((f) => FAMILY.includes(f.rule)).map((f) => f.rule))];
  expect(rules).toEqual(excerpt.outcome === 'fails' ? [excerpt.rule] : []);
});
