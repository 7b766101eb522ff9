/**
 * The plugin class under cdk8s-cli's own ValidationContext and report (without running the CLI): the report names
 * the rule, the resource, its file, its construct path and the fix; the threshold decides success.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { cleanApp, deployment, pdb, service } from './support';
import { AppflowValidation, buildReport, checkManifests, readManifestFile } from '../../src/plugin';
import { SCHEMA_DIRECTORY } from '../support/shared';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-plugin-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, manifests: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Yaml.stringify(...manifests));
  return file;
}

type Metadata = Record<string, { path: string }>;

async function run(properties: Record<string, unknown>, files: string[], metadata: Metadata = {}): Promise<ValidationContext> {
  const context = new ValidationContext(files, './plugin', '0.0.0', metadata);
  // The sources have no built-in Kubernetes API definitions (the build derives them): the shared folder's files.
  await new AppflowValidation({ kubernetesSchemas: SCHEMA_DIRECTORY, ...properties }).validate(context);
  return context;
}

test('a report with errors fails; each violation names the rule, the resources, their files and construct paths, the fix', async () => {
  const shop = write('shop.k8s.yaml', [deployment({ pod: { containers: [{ name: 'web', image: 'nginx' }] } }), pdb(), service()]);
  const context = await run({}, [shop], { web: { path: 'shop/Web/Service/Resource' } });
  expect(context.report.success).toBe(false);
  const json = context.report.toJson();
  expect(json.summary.metadata).toMatchObject({ Profile: 'restricted (Pod Security Standards of Kubernetes 1.27)', Checked: '3 objects in 1 files', Errors: '8', Warnings: '0', Exempted: '0' });
  expect(json.violations.map((v) => v.ruleName)).toEqual([
    '[error] container-resources', '[error] image-tag-pinned', '[error] readiness-probe',
    '[error] restricted/capabilities', '[error] restricted/privilege-escalation', '[error] service-selects-pods',
  ]);
  const image = json.violations[1];
  expect(image.violatingConstructs).toEqual([{
    resourceName: 'Deployment shop/web',
    manifestPath: shop,
    constructPath: undefined, // "web" is the name of three objects; the recorded path is the Service's
    locations: ['spec.template.spec.containers[0].image: "nginx" has no tag (it means "latest", which moves) (fix: pin "nginx" to a version tag or a digest (e.g. nginx:1.2.3))'],
  }]);
  expect(image.fix).toBe('pin the image to a version tag or a digest (image:1.2.3 or image@sha256:...)');
  expect(image.recommendation).toMatch(/\(kube-score container-image-tag; Polaris tagNotSpecified; kube-linter latest-tag\)$/);
  expect(context.report.toString()).toContain('Resource Name: Deployment shop/web');
});

test('the construct path of a resource is shown when it can be told', async () => {
  const d = deployment({ metadata: { name: 'api' }, pod: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } });
  const file = write('shop.k8s.yaml', [d]);
  const context = await run({}, [file], { api: { path: 'shop/Api/Resource/Resource' } });
  const constructs = context.report.toJson().violations.flatMap((v) => v.violatingConstructs);
  expect(new Set(constructs.map((c) => c.constructPath))).toEqual(new Set(['shop/Api/Resource/Resource']));
  expect(context.report.toString()).toContain('Construct Path: shop/Api/Resource/Resource');
});

test('warnings pass unless failOn is warning; exempted findings are listed and pass', async () => {
  const file = write('shop.k8s.yaml', [deployment({ spec: { replicas: 1 } }), pdb(), service()]);
  const passing = await run({}, [file]);
  expect(passing.report.success).toBe(true);
  expect(passing.report.toJson().violations.map((v) => v.ruleName)).toEqual(['[warning] min-replicas']);
  expect((await run({ failOn: 'warning' }, [file])).report.success).toBe(false);
  const exempted = await run({ failOn: 'warning', exemptions: [{ rule: 'min-replicas', name: 'web', reason: 'a singleton on purpose' }] }, [file]);
  expect(exempted.report.success).toBe(true);
  const [violation] = exempted.report.toJson().violations;
  expect(violation.ruleName).toBe('[exempted] min-replicas');
  expect(violation.violatingConstructs[0].locations).toEqual([
    'spec.replicas: one replica behind Service shop/web: the Service is down while the pod restarts or its node drains — exempted (properties): a singleton on purpose',
  ]);
  expect(exempted.report.toJson().summary.metadata).toMatchObject({ 'Warnings': '0', 'Exempted': '1', 'Fails on': 'errors and warnings' });
});

test('a file that does not parse is an error that names it; documents that are not Kubernetes objects are skipped', async () => {
  const broken = path.join(dir, 'broken.yaml');
  fs.writeFileSync(broken, 'kind: Service\nmetadata: {name: [\n');
  const chart = path.join(dir, 'Chart.yaml');
  fs.writeFileSync(chart, 'apiVersion: v2\nname: shop\nversion: 1.0.0\n');
  const context = await run({ disabledRules: ['job-ttl'] }, [write('shop.k8s.yaml', cleanApp()), broken, chart]);
  expect(context.report.success).toBe(false);
  const json = context.report.toJson();
  expect(json.violations.map((v) => v.ruleName)).toEqual(['[error] manifest-readable']);
  expect(json.violations[0].violatingConstructs[0]).toMatchObject({ resourceName: `File ${broken}`, manifestPath: broken });
  expect(json.summary.metadata).toMatchObject({ 'Checked': '4 objects in 3 files', 'Skipped documents': '1 (not Kubernetes objects)', 'Disabled rules': 'job-ttl' });
  expect(readManifestFile(path.join(dir, 'missing.yaml'))).toMatchObject({ error: expect.stringMatching(/ENOENT/) });
});

test('the unused exemptions of the properties are listed in the summary', () => {
  const result = checkManifests([{ file: 'a.yaml', documents: cleanApp() }], { exemptions: [{ rule: 'job-ttl', kind: 'Job', name: 'import', reason: 'x' }] });
  expect(buildReport(result, { profile: 'restricted', failOn: 'error', disabledRules: [] }).summary['Unused exemptions']).toBe('job-ttl for Job import');
});

test('kustomize\'s own file (the kustomization.yaml that AppSynthesis writes into dist/) is not checked: kustomize reads it, the cluster never gets it', async () => {
  const kustomization = write('kustomization.yaml', [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['shop.k8s.yaml'] }]);
  // A declared cluster without kustomize's "CRD" would otherwise find it missing (cluster-prerequisites).
  const context = await run({ disabledRules: ['job-ttl'], cluster: { customResources: [] } }, [write('shop.k8s.yaml', cleanApp()), kustomization]);
  const json = context.report.toJson();
  expect(json.violations).toEqual([]);
  expect(json.summary.metadata).toMatchObject({ Checked: '4 objects in 1 files' });
});
