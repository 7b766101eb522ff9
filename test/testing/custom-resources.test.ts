/**
 * The CRDs built into the package (lib/crds/<group>.yaml, derived by the build from ../shared/crds): compact, readable
 * by the validator and by any YAML reader (the plugin's crdFiles), and they check custom resources as the full CRD files
 * do. The package itself, installed from its tarball, is tested in test/package/starter.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { FullStackChart } from '../../examples/full-stack/chart';
import { GrpcGatewayChart } from '../../examples/grpc-gateway/chart';
import { KedaWorkerChart } from '../../examples/keda-worker/chart';
import { LogAgentChart } from '../../examples/log-agent/chart';
import { ShopChart } from '../../examples/shop/chart';
import { writeBuiltInCrds } from '../../projenrc/custom-resources';
import { KubernetesVersion, ManifestValidator } from '../../src';
import { BUILT_IN_CRD_DIRECTORY, builtInCrdFiles, readCrdFile } from '../../src/testing/custom-resources';
import { validatorOf } from '../../src/testing/manifest-validator';
import { kubernetesDefinitions, SHARED_DIR, strictValidator } from '../support/shared';

let tmp: string;
let written: ReturnType<typeof writeBuiltInCrds>;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-crds-'));
  written = writeBuiltInCrds(path.join(SHARED_DIR, 'crds'), path.join(tmp, 'crds'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The manifests of the examples that make custom resources of every built-in group. */
function customResourceManifests(): any[] {
  const app = Testing.app();
  const charts = [
    new FullStackChart(app, 'full-stack'),
    new ShopChart(app, 'shop'),
    new GrpcGatewayChart(app, 'grpc-gateway'),
    new KedaWorkerChart(app, 'keda-worker'),
    new LogAgentChart(app, 'log-agent'),
  ];
  return charts.flatMap((c) => c.toJson());
}

test('one file per API group, with the kinds of the custom resources the library writes, compact', () => {
  expect(written.map((w) => path.basename(w.file))).toEqual([
    'external-secrets.io.yaml', 'gateway.networking.k8s.io.yaml', 'keda.sh.yaml', 'monitoring.coreos.com.yaml',
  ]);
  expect(Object.fromEntries(written.map((w) => [path.basename(w.file, '.yaml'), w.kinds]))).toEqual({
    'external-secrets.io': ['ExternalSecret'],
    'gateway.networking.k8s.io': ['HTTPRoute', 'GRPCRoute', 'ReferenceGrant'],
    'keda.sh': ['ScaledObject', 'TriggerAuthentication'],
    'monitoring.coreos.com': ['ServiceMonitor', 'PodMonitor', 'Probe', 'PrometheusRule'],
  });
  const total = written.reduce((sum, w) => sum + w.bytes, 0);
  expect(total).toBeLessThan(200 * 1024); // the shared files are 0.8 MB
  // No description is left but properties named "description" (PrometheusRule's annotations have none such).
  const text = fs.readFileSync(written.find((w) => w.file.endsWith('monitoring.coreos.com.yaml'))!.file, 'utf-8');
  expect(text).not.toMatch(/"description":"/);
  expect(builtInCrdFiles(path.join(tmp, 'crds'))).toEqual(written.map((w) => w.file));
});

test('the files are YAML too: the plugin\'s crdFiles and cdk8s read the same CRDs', () => {
  for (const { file } of written) {
    expect(Yaml.load(file)).toEqual(readCrdFile(file));
  }
});

test('the compact CRDs check custom resources as the full CRD files do', () => {
  const manifests = customResourceManifests();
  const groups = new Set(written.map((w) => path.basename(w.file, '.yaml')));
  const customKinds = new Set(manifests.filter((m) => groups.has(m.apiVersion.split('/')[0])).map((m) => m.kind));
  expect([...customKinds].sort()).toEqual(['ExternalSecret', 'GRPCRoute', 'PodMonitor', 'Probe', 'PrometheusRule', 'ScaledObject', 'ServiceMonitor', 'TriggerAuthentication']);
  const compact = validatorOf(kubernetesDefinitions(KubernetesVersion.V1_27), { builtInCrds: written.flatMap((w) => readCrdFile(w.file)) });
  const full = strictValidator(KubernetesVersion.V1_27);
  expect(compact.knownKinds).toEqual(full.knownKinds);
  expect(compact.problemsOfAll(manifests)).toEqual([]);
  // Broken the same ways, they fail with the same problems.
  const broken = manifests.filter((m) => customKinds.has(m.kind)).map((m) => ({ ...m, spec: { ...m.spec, unknownField: 1, ...(m.kind === 'GRPCRoute' ? { rules: 'x' } : {}) } }));
  const problems = compact.problemsOfAll(broken);
  expect(problems.length).toBeGreaterThanOrEqual(broken.length);
  expect(problems).toEqual(full.problemsOfAll(broken));
  expect(problems).toContainEqual(expect.objectContaining({ path: 'spec.unknownField' }));
});

test('a CRD file given by the user replaces the built-in CRD of the same kind and version', () => {
  const builtIn = written.flatMap((w) => readCrdFile(w.file));
  const rule = builtIn.find((c) => c.spec.names.kind === 'PrometheusRule')!;
  // A PrometheusRule CRD that takes anything in its spec.
  const loose = { ...rule, spec: { ...rule.spec, versions: rule.spec.versions.map((v) => ({ ...v, schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } })) } };
  const file = path.join(tmp, 'loose.yaml');
  fs.writeFileSync(file, JSON.stringify(loose));
  const object = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r', namespace: 'shop' }, spec: { anything: 1 } };
  const strict = validatorOf(kubernetesDefinitions(KubernetesVersion.V1_27), { builtInCrds: builtIn });
  expect(strict.problemsOf(object)).toEqual([expect.objectContaining({ path: 'spec.anything' })]);
  expect(validatorOf(kubernetesDefinitions(KubernetesVersion.V1_27), { builtInCrds: builtIn, crdFiles: [file] }).problemsOf(object)).toEqual([]);
});

test('a file that is not a CRD file of the package is refused with its name', () => {
  const file = path.join(tmp, 'bad.yaml');
  fs.writeFileSync(file, '---\n{"kind":"ConfigMap"}\n');
  expect(() => readCrdFile(file)).toThrow(`${file}: document 1 is not a CustomResourceDefinition: not a CRD file of the package`);
  fs.writeFileSync(file, '---\nkind: CustomResourceDefinition\n');
  expect(() => readCrdFile(file)).toThrow(`${file}: document 1 is not JSON (`);
  expect(() => writeBuiltInCrds(path.join(tmp, 'crds'), path.join(tmp, 'again'))).not.toThrow();
  const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
  expect(() => writeBuiltInCrds(empty, path.join(tmp, 'out'))).toThrow(`${empty}: no CRD file (*.yaml)`);
});

test('the sources have no built-in CRDs (the build derives them into lib/crds)', () => {
  expect(BUILT_IN_CRD_DIRECTORY).toBe(path.resolve(__dirname, '..', '..', 'crds'));
  expect(builtInCrdFiles()).toBeUndefined();
});

describe('ManifestValidator.forKubernetesVersion refuses bad options from untyped JavaScript with the house error', () => {
  const forVersion = ManifestValidator.forKubernetesVersion as (version: unknown, options?: unknown) => ManifestValidator;
  test.each([
    [null, 'invalid options null: it is not an object. Expected { crdFiles?: string[], builtInCrds?: boolean }, or no options.'],
    ['crds.yaml', 'invalid options "crds.yaml": it is not an object. Expected { crdFiles?: string[], builtInCrds?: boolean }, or no options.'],
    [{ crdFiles: 'crds.yaml' }, 'invalid crdFiles "crds.yaml": it is not a list of file paths. Expected e.g. ["crds/monitoring.coreos.com.yaml"].'],
    [{ crdFiles: [3] }, 'invalid crdFiles [3]: it is not a list of file paths. Expected e.g. ["crds/monitoring.coreos.com.yaml"].'],
    [{ builtInCrds: 'no' }, 'invalid builtInCrds "no": it is not a boolean. Expected true (the default: the CRDs built into the package are known) or false (only those of crdFiles).'],
  ])('%j', (options, message) => {
    expect(() => forVersion('1.30', options)).toThrow(`ManifestValidator.forKubernetesVersion: ${message}`);
  });
});
