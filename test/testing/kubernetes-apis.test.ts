/**
 * The API definitions of every supported Kubernetes version, from cdk8s' definitions files or their compact form:
 * which apiVersion/kinds each version serves, which it marks deprecated, the groups that are Kubernetes' own.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubernetesVersion, ManifestValidator } from '../../src';
import { BUNDLED_FILE, KubernetesApis } from '../../src/testing/kubernetes-apis';
import { kubernetesApis, SCHEMA_DIRECTORY } from '../support/shared';

const apis = kubernetesApis();

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-apis-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the versions that serve an apiVersion/kind', () => {
  expect(apis.versionsServing('apps/v1', 'Deployment')).toHaveLength(10);
  expect(apis.versionsServing('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema')).toEqual(['1.27', '1.28']);
  expect(apis.versionsServing('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')).toEqual(['1.27', '1.28', '1.29', '1.30', '1.31']);
  expect(apis.versionsServing('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema')).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
  expect(apis.versionsServing('policy/v1beta1', 'PodDisruptionBudget')).toEqual([]);
  expect(apis.versionsServing('monitoring.coreos.com/v1', 'ServiceMonitor')).toEqual([]);
});

test('the deprecation notes of the kinds, as their definitions say them', () => {
  expect(apis.kindsOf(KubernetesVersion.V1_36).get('v1/Endpoints')).toEqual({
    apiVersion: 'v1',
    kind: 'Endpoints',
    definition: 'io.k8s.api.core.v1.Endpoints',
    deprecation: 'Deprecated: This API is deprecated in v1.33+. Use discoveryv1.EndpointSlice.',
  });
  expect(apis.kindsOf(KubernetesVersion.V1_32).get('v1/Endpoints')?.deprecation).toBeUndefined();
  expect(apis.kindsOf(KubernetesVersion.V1_27).get('v1/ComponentStatus')?.deprecation).toBe('Deprecated: This API is deprecated in v1.19+');
  expect(apis.kindsOf(KubernetesVersion.V1_27).get('v1/Binding')?.deprecation).toBe('Deprecated in 1.7, please use the bindings subresource of pods instead.');
  expect(apis.kindsOf(KubernetesVersion.V1_36).get('apps/v1/Deployment')?.deprecation).toBeUndefined();
});

test('Kubernetes\' own API groups: those some version serves, and every group without a dot (no CRD has one)', () => {
  expect(apis.isBuiltInGroup('')).toBe(true);
  expect(apis.isBuiltInGroup('flowcontrol.apiserver.k8s.io')).toBe(true);
  expect(apis.isBuiltInGroup('extensions')).toBe(true);
  expect(apis.isBuiltInGroup('gateway.networking.k8s.io')).toBe(false);
  expect(apis.isBuiltInGroup('monitoring.coreos.com')).toBe(false);
});

test('the compact form is small, and reads back as it was', () => {
  const file = path.join(tmp, 'kubernetes-apis.json');
  fs.writeFileSync(file, JSON.stringify(apis.toCompact()));
  expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
  const read = KubernetesApis.fromFile(file);
  expect(read.source).toBe(file);
  for (const version of [KubernetesVersion.V1_27, KubernetesVersion.V1_36]) {
    expect(read.definitionsOf(version)).toEqual(apis.definitionsOf(version));
    expect([...read.kindsOf(version).keys()]).toEqual([...apis.kindsOf(version).keys()]);
  }
});

test('a file that is not the compact form, or lacks a version, is refused with its name', () => {
  const file = path.join(tmp, 'kubernetes-apis.json');
  expect(() => KubernetesApis.fromFile(file)).toThrow(`Kubernetes API definitions file not found: ${file}`);
  fs.writeFileSync(file, '{');
  expect(() => KubernetesApis.fromFile(file)).toThrow(`${file} is not valid JSON`);
  fs.writeFileSync(file, JSON.stringify({ definitions: {} }));
  expect(() => KubernetesApis.fromFile(file)).toThrow(`${file} is not the compact form of the Kubernetes API definitions (format 1)`);
  const compact = apis.toCompact();
  fs.writeFileSync(file, JSON.stringify({ ...compact, versions: compact.versions.slice(0, 8) }));
  expect(() => KubernetesApis.fromFile(file)).toThrow(`${file} has no definitions of Kubernetes 1.35, 1.36: it was built for another version of cdk8s-appflow`);
});

test('a schema directory that lacks a version is refused, naming the file', () => {
  fs.copyFileSync(path.join(SCHEMA_DIRECTORY, 'kubernetes-v1.27.0.json'), path.join(tmp, 'kubernetes-v1.27.0.json'));
  expect(() => KubernetesApis.fromSchemaDirectory(tmp)).toThrow(`Kubernetes schema file not found: ${path.join(tmp, 'kubernetes-v1.28.0.json')}`);
});

test('the sources have no compact form built in (the build derives it into lib/, see projenrc/kubernetes-apis.ts)', () => {
  expect(fs.existsSync(BUNDLED_FILE)).toBe(false);
  expect(KubernetesApis.bundled()).toBeUndefined();
  expect(() => ManifestValidator.forKubernetesVersion(KubernetesVersion.V1_30)).toThrow(
    `ManifestValidator.forKubernetesVersion: the package has no built-in API definitions (${BUNDLED_FILE}); the build derives them `
    + '(projenrc/kubernetes-apis.ts). Use ManifestValidator.fromFiles with a definitions file instead.');
  expect(() => ManifestValidator.forKubernetesVersion('1.26' as KubernetesVersion)).toThrow(
    'ManifestValidator.forKubernetesVersion: "1.26" is not a Kubernetes version the library supports. Expected one of "1.27"');
});
