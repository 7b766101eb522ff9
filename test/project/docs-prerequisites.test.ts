/**
 * docs/prerequisites.md shows what the code does: the prerequisites file of its snippet, the error of the same snippet
 * with another ingress class, and plugin properties that the plugin accepts. (Its ```ts block compiles in docs.test.ts,
 * and its ```yaml excerpt is checked in docs-yaml.test.ts.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { KubernetesVersion } from '../../src';
import { parseProperties } from '../../src/plugin';
import { chartPrerequisitesFile } from '../../src/synth/prerequisites-file';
import { codeBlocksOf, snippetsOf, synthSnippet } from '../support/docs-snippets';
import { REPO_ROOT } from '../support/shared';

const DOC = 'docs/prerequisites.md';
const blocks = codeBlocksOf(DOC, fs.readFileSync(path.join(REPO_ROOT, DOC), 'utf-8'));
const snippet = snippetsOf(DOC).find((s) => s.yaml !== undefined)!;

test('the doc shows the prerequisites file of its snippet', () => {
  const markdown = blocks.find((b) => b.lang === 'markdown')!;
  const file = chartPrerequisitesFile(new Chart(Testing.app(), 'shop'), synthSnippet(snippet), KubernetesVersion.V1_27);
  expect(`${markdown.code}\n`).toEqual(file);
});

test('the doc shows the error of its snippet on a cluster without its ingress class', () => {
  const text = blocks.find((b) => b.lang === 'text')!;
  const traefik = { ...snippet, yaml: undefined, code: snippet.code.replace("ingressClasses: ['nginx']", "ingressClasses: ['traefik']") };
  expect(traefik.code).not.toEqual(snippet.code);
  expect(() => synthSnippet(traefik)).toThrow(`Validation failed with the following errors:\n  [shop] ${text.code}`);
});

test('the plugin accepts the cluster properties the doc shows', () => {
  const yaml = blocks.find((b) => b.lang === 'yaml' && b.code.includes('validations:'))!;
  const options = parseProperties(parse(yaml.code).validations[0].properties);
  expect(options.cluster).toEqual({ ingressController: { namespace: 'ingress-nginx' }, blackboxExporter: { namespace: 'monitoring' } });
  expect(options.clusterCapabilities).toEqual({
    customResources: ['monitoring.coreos.com/*', 'external-secrets.io/*', 'keda.sh/*'],
    ingressClasses: ['nginx'],
    clusterIssuers: ['letsencrypt-prod'],
    clusterSecretStores: ['vault'],
    runsBlackboxExporter: true,
    runsGrafanaDashboardSidecar: true,
  });
});
