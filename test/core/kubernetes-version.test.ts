/**
 * The target Kubernetes version: a platform default (1.27 unless set), checked, with the versions compared in order.
 */
import * as fs from 'fs';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { KubernetesVersion, PlatformDefaults, PlatformSetting } from '../../src';
import {
  isAtLeast, isKubernetesVersion, JOB_POD_REPLACEMENT_POLICY, KUBERNETES_VERSIONS, KubernetesFeature, NATIVE_SIDECARS, SERVICE_TRAFFIC_DISTRIBUTION,
  SLEEP_ACTION, USER_NAMESPACES,
} from '../../src/core/kubernetes-version';
import { refusalOf } from '../support/refusal';
import { kubernetesSchemaIn, SHARED_DIR } from '../support/shared';

test('the supported versions are 1.27 to 1.36, oldest first', () => {
  expect(KUBERNETES_VERSIONS).toEqual(['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
  expect(isAtLeast(KubernetesVersion.V1_30, KubernetesVersion.V1_29)).toBe(true);
  expect(isAtLeast(KubernetesVersion.V1_29, KubernetesVersion.V1_29)).toBe(true);
  // Compared as versions, not as text or numbers ("1.100" would come before "1.27" as text).
  expect(isAtLeast(KubernetesVersion.V1_28, KubernetesVersion.V1_36)).toBe(false);
  expect(isKubernetesVersion('1.36')).toBe(true);
  expect(isKubernetesVersion('1.26')).toBe(false);
  expect(isKubernetesVersion(1.3)).toBe(false);
});

test('1.27 by default (built in), set on an App and overridden by a Chart, switched off to the built-in default', () => {
  const app = Testing.app();
  expect(PlatformDefaults.of(new Construct(new Chart(app, 'plain'), 'X')).kubernetesVersion).toBe(KubernetesVersion.V1_27);
  expect(PlatformDefaults.originOf(app, PlatformSetting.KUBERNETES_VERSION)).toBe('built-in');

  const org = new App();
  PlatformDefaults.set(org, { kubernetesVersion: KubernetesVersion.V1_33 });
  const shop = new Chart(org, 'shop');
  const legacy = new Chart(org, 'legacy');
  PlatformDefaults.set(legacy, { kubernetesVersion: KubernetesVersion.V1_29 });
  const reset = new Chart(org, 'reset');
  PlatformDefaults.set(reset, { switchOff: [PlatformSetting.KUBERNETES_VERSION] });
  expect(PlatformDefaults.of(new Construct(shop, 'Web')).kubernetesVersion).toBe('1.33');
  expect(PlatformDefaults.of(new Construct(legacy, 'Web')).kubernetesVersion).toBe('1.29');
  expect(PlatformDefaults.originOf(legacy, PlatformSetting.KUBERNETES_VERSION)).toBe('legacy');
  expect(PlatformDefaults.of(new Construct(reset, 'Web')).kubernetesVersion).toBe('1.27');
});

test.each<[string, unknown, string]>([
  ['a version the library does not support', '1.26', 'it is not a Kubernetes version the library supports'],
  ['a version with its patch number', '1.30.2', 'it is not a Kubernetes version the library supports'],
  ['a version with a "v"', 'v1.30', 'it is not a Kubernetes version the library supports'],
  ['a number (from untyped JavaScript)', 1.3, 'it is a number, not a version string'],
  ['null (from untyped JavaScript)', null, 'it is null, not a version string'],
])('refused: %s', (_, kubernetesVersion, problem) => {
  expect(refusalOf(() => PlatformDefaults.set(Testing.app(), { kubernetesVersion: kubernetesVersion as KubernetesVersion }))).toMatchObject({
    constructPath: '<root>',
    prop: 'platformDefaults.kubernetesVersion',
    value: kubernetesVersion,
    problem,
    accepted: 'one of "1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36" (KubernetesVersion.V1_27 ... KubernetesVersion.V1_36)',
  });
});

test('the exact message', () => {
  expect(() => PlatformDefaults.set(Testing.app(), { kubernetesVersion: '1.26' as KubernetesVersion })).toThrow(
    '<root>: invalid platformDefaults.kubernetesVersion "1.26": it is not a Kubernetes version the library supports. Expected one of "1.27", '
    + '"1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36" (KubernetesVersion.V1_27 ... KubernetesVersion.V1_36).');
});

describe('the features gated by the target are the fields the API definitions bring', () => {
  // Each feature and the field that carries it: absent from 1.27 (but user namespaces' hostUsers, in 1.27 behind a
  // feature gate), present from the version before the one that has it on by default or earlier (alpha behind a gate).
  const FIELDS: Array<[string, KubernetesFeature, string, string]> = [
    ['native sidecars', NATIVE_SIDECARS, 'io.k8s.api.core.v1.Container', 'restartPolicy'],
    ['pod replacement policy', JOB_POD_REPLACEMENT_POLICY, 'io.k8s.api.batch.v1.JobSpec', 'podReplacementPolicy'],
    ['sleep action', SLEEP_ACTION, 'io.k8s.api.core.v1.LifecycleHandler', 'sleep'],
    ['traffic distribution', SERVICE_TRAFFIC_DISTRIBUTION, 'io.k8s.api.core.v1.ServiceSpec', 'trafficDistribution'],
    ['user namespaces', USER_NAMESPACES, 'io.k8s.api.core.v1.PodSpec', 'hostUsers'],
  ];
  const definitions = new Map<string, any>();
  const fieldsOf = (version: string, definition: string): Record<string, unknown> => {
    if (!definitions.has(version)) {
      definitions.set(version, JSON.parse(fs.readFileSync(kubernetesSchemaIn(SHARED_DIR, version as KubernetesVersion), 'utf-8')).definitions);
    }
    return definitions.get(version)[definition]?.properties ?? {};
  };

  test.each(FIELDS)('%s: %s.%s', (_name, feature, definition, field) => {
    const since = KUBERNETES_VERSIONS.indexOf(feature.since);
    KUBERNETES_VERSIONS.forEach((version, i) => {
      const has = field in fieldsOf(version, definition);
      if (i >= since) {
        expect(`${version}: ${has}`).toBe(`${version}: true`);
      }
    });
    if (feature !== USER_NAMESPACES) {
      expect(field in fieldsOf('1.27', definition)).toBe(false);
    }
  });
});
