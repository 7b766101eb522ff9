/**
 * The api-versions rules of the validation plugin: every object against the API of the target Kubernetes version,
 * derived from the definitions of 1.27 to 1.36 — removed (or not yet served) apiVersions, deprecated ones, schemas.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { cdk8sSynth } from './cdk8s-cli';
import { flowSchema, pdb } from './fixtures/api-versions/objects';
import { deployment } from './support';
import { KubernetesVersion } from '../../src';
import { KUBERNETES_VERSIONS } from '../../src/core/kubernetes-version';
import { AppflowValidation, buildReport, checkManifests, CheckInput, Finding, parseProperties } from '../../src/plugin';
import { CRD_FILES, kubernetesApis, SCHEMA_DIRECTORY } from '../support/shared';

const apis = kubernetesApis();

/** The api-versions findings of manifests for a target, as `<rule> <apiVersion> <Kind> <name> <path>: <message> (fix: <fix>)`. */
function findings(manifests: unknown[], target: KubernetesVersion, input: CheckInput = {}): string[] {
  const result = checkManifests([{ file: 'app.yaml', documents: manifests }], { kubernetesApis: apis, kubernetesVersion: target, ...input });
  return result.findings.filter((f) => f.rule.startsWith('api-versions/')).map(line);
}

function line(f: Finding): string {
  return `${f.rule} ${f.resource.apiVersion} ${f.resource.kind} ${f.resource.name} ${f.path}: ${f.message} (fix: ${f.fix})`;
}

/** The rules that an object yields at each supported version: `<version> <rule>,...` (`-` for none). */
function byVersion(manifest: unknown): string[] {
  return KUBERNETES_VERSIONS.map((v) => {
    const rules = [...new Set(findings([manifest], v).map((f) => f.split(' ')[0]))];
    return `${v} ${rules.join(',') || '-'}`;
  });
}

describe('removed APIs: a finding for a target that no longer serves them, none where they exist', () => {
  test('flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema: in 1.27 and 1.28, gone from 1.29', () => {
    expect(byVersion(flowSchema('flowcontrol.apiserver.k8s.io/v1beta2'))).toEqual([
      '1.27 api-versions/deprecated', '1.28 api-versions/deprecated',
      ...['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'].map((v) => `${v} api-versions/removed`),
    ]);
  });

  test('flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema: gone from 1.32', () => {
    expect(byVersion(flowSchema('flowcontrol.apiserver.k8s.io/v1beta3'))).toEqual([
      ...['1.27', '1.28', '1.29', '1.30', '1.31'].map((v) => `${v} api-versions/deprecated`),
      ...['1.32', '1.33', '1.34', '1.35', '1.36'].map((v) => `${v} api-versions/removed`),
    ]);
  });

  test('policy/v1beta1 PodDisruptionBudget: gone before 1.27; policy/v1 everywhere', () => {
    expect(byVersion(pdb('policy/v1beta1'))).toEqual(KUBERNETES_VERSIONS.map((v) => `${v} api-versions/removed`));
    expect(byVersion(pdb('policy/v1'))).toEqual(KUBERNETES_VERSIONS.map((v) => `${v} -`));
  });

  test('the messages: when it went, and what to use instead (of the same group, served by the target)', () => {
    expect(findings([flowSchema('flowcontrol.apiserver.k8s.io/v1beta2')], KubernetesVersion.V1_30)).toEqual([
      'api-versions/removed flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema shop apiVersion: flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is not served '
      + 'by Kubernetes 1.30, the target: it was removed in Kubernetes 1.29; the API server refuses the object (fix: use flowcontrol.apiserver.k8s.io/v1 '
      + 'FlowSchema (apiVersion: flowcontrol.apiserver.k8s.io/v1), converting the fields that changed)',
    ]);
    expect(findings([pdb('policy/v1beta1')], KubernetesVersion.V1_27)).toEqual([
      'api-versions/removed policy/v1beta1 PodDisruptionBudget web apiVersion: policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.27, the '
      + 'target: no Kubernetes version from 1.27 on serves it (it was removed before, or never existed); the API server refuses the object (fix: use '
      + 'policy/v1 PodDisruptionBudget (apiVersion: policy/v1), converting the fields that changed)',
    ]);
  });

  test('a group that no supported version serves any more (no dot: Kubernetes\' own): the kind of another group', () => {
    const ingress = { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec: {} };
    expect(findings([ingress], KubernetesVersion.V1_33)).toEqual([expect.stringMatching(
      /^api-versions\/removed .*: extensions\/v1beta1 Ingress is not served by Kubernetes 1\.33, the target: no Kubernetes version from 1\.27 on serves it .*\(fix: use networking\.k8s\.io\/v1 Ingress \(apiVersion: networking\.k8s\.io\/v1\), converting the fields that changed\)$/)]);
  });

  test('an API newer than the target: not served yet, with what the target serves instead', () => {
    expect(findings([flowSchema('flowcontrol.apiserver.k8s.io/v1')], KubernetesVersion.V1_27)).toEqual([
      'api-versions/removed flowcontrol.apiserver.k8s.io/v1 FlowSchema shop apiVersion: flowcontrol.apiserver.k8s.io/v1 FlowSchema is not served by '
      + 'Kubernetes 1.27, the target: Kubernetes 1.29 is the first to serve it; the API server refuses the object (fix: use '
      + 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema (apiVersion: flowcontrol.apiserver.k8s.io/v1beta3), converting the fields that changed)',
    ]);
  });

  test('custom resources are not judged by it (their group is not Kubernetes\')', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'shop' }, spec: {} };
    expect(findings([monitor], KubernetesVersion.V1_36).filter((f) => !f.startsWith('api-versions/schema'))).toEqual([]);
  });
});

describe('deprecated APIs', () => {
  test('a later version no longer serves it: the version, and the replacement that the target serves too', () => {
    expect(findings([flowSchema('flowcontrol.apiserver.k8s.io/v1beta3')], KubernetesVersion.V1_29)).toEqual([
      'api-versions/deprecated flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema shop apiVersion: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is '
      + 'deprecated: Kubernetes 1.32 no longer serves it (fix: use flowcontrol.apiserver.k8s.io/v1 FlowSchema, before the cluster runs Kubernetes 1.32)',
    ]);
    // At 1.27, v1 is not served yet: v1beta3 bridges the upgrade past 1.28.
    expect(findings([flowSchema('flowcontrol.apiserver.k8s.io/v1beta2')], KubernetesVersion.V1_27)).toEqual([
      expect.stringContaining('is deprecated: Kubernetes 1.29 no longer serves it (fix: use flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema, before the cluster runs Kubernetes 1.29)'),
    ]);
  });

  test('the target\'s definition says it is deprecated: the note, and the replacement it names', () => {
    const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external-db', namespace: 'shop' }, subsets: [{ addresses: [{ ip: '10.0.0.5' }], ports: [{ port: 5432 }] }] };
    expect(findings([endpoints], KubernetesVersion.V1_32)).toEqual([]);
    expect(findings([endpoints], KubernetesVersion.V1_33)).toEqual([
      'api-versions/deprecated v1 Endpoints external-db apiVersion: v1 Endpoints is deprecated: its definition in Kubernetes 1.33 says: "Deprecated: This '
      + 'API is deprecated in v1.33+. Use discoveryv1.EndpointSlice." (fix: use discovery.k8s.io/v1 EndpointSlice)',
    ]);
  });

  test('a warning: the report passes with it (unless failOn is warning)', () => {
    const result = checkManifests([{ file: 'app.yaml', documents: [flowSchema('flowcontrol.apiserver.k8s.io/v1beta3')] }],
      { kubernetesApis: apis, kubernetesVersion: KubernetesVersion.V1_30 });
    expect(result.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning api-versions/deprecated']);
  });
});

describe('schemas: every object against the target\'s definitions', () => {
  /** A Deployment with a native sidecar: an init container with restartPolicy: Always (a field from 1.28 on). */
  const withNativeSidecar = deployment({ pod: { initContainers: [{ name: 'proxy', image: 'registry.example.com/proxy:1.0.0', restartPolicy: 'Always' }] } });

  test('a field newer than the target is refused with the target named; valid where the target has it', () => {
    expect(findings([withNativeSidecar], KubernetesVersion.V1_27)).toEqual([
      'api-versions/schema apps/v1 Deployment web spec.template.spec.initContainers[0].restartPolicy: unknown field "restartPolicy" (23 known fields) '
      + '(fix: make the object valid for Kubernetes 1.27 (the API server refuses it, or drops the field); if the app targets a newer version '
      + '(the platform default kubernetesVersion), the plugin\'s properties.kubernetesVersion must say the same)',
    ]);
    expect(findings([withNativeSidecar], KubernetesVersion.V1_29)).toEqual([]);
  });

  test('the strict validator\'s problems: unknown fields, types, names', () => {
    const broken = deployment({ metadata: { name: 'Web' }, spec: { replicas: 'two' } });
    expect(findings([broken], KubernetesVersion.V1_36).map((f) => f.replace(/ \(fix: .*$/, ''))).toEqual([
      'api-versions/schema apps/v1 Deployment Web spec.replicas: expected an integer, got a string ("two")',
      'api-versions/schema apps/v1 Deployment Web metadata.name: "Web" is not a valid DNS-1123 subdomain: it contains uppercase letters, which are not allowed',
    ]);
  });

  test('custom resources: against the CRDs of crdFiles and of the manifests; those without a CRD are counted, not judged', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'shop' }, spec: { endpoint: [] } };
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec: { size: 'big' } };
    const widgetCrd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    };
    const without = checkManifests([{ file: 'app.yaml', documents: [monitor, widget] }], { kubernetesApis: apis });
    expect(without.findings.filter((f) => f.rule.startsWith('api-versions/'))).toEqual([]);
    expect(without.notSchemaChecked).toEqual([{ kind: 'monitoring.coreos.com/v1 ServiceMonitor', objects: 1 }, { kind: 'example.com/v1 Widget', objects: 1 }]);
    const withCrds = checkManifests([{ file: 'app.yaml', documents: [monitor, widget, widgetCrd] }], { kubernetesApis: apis, crdFiles: CRD_FILES });
    expect(withCrds.findings.filter((f) => f.rule.startsWith('api-versions/')).map(line).map((f) => f.replace(/ \(fix: .*$/, ''))).toEqual([
      'api-versions/schema monitoring.coreos.com/v1 ServiceMonitor web spec.endpoints: is required but missing',
      'api-versions/schema monitoring.coreos.com/v1 ServiceMonitor web spec.selector: is required but missing',
      'api-versions/schema monitoring.coreos.com/v1 ServiceMonitor web spec.endpoint: unknown field "endpoint" (did you mean "endpoints"?) (24 known fields)',
      // apiVersion and kind need not be in a CRD's schema.
      'api-versions/schema example.com/v1 Widget w spec.size: expected an integer, got a string ("big")',
    ]);
    expect(withCrds.notSchemaChecked).toEqual([]);
  });
});

describe('how the rules run', () => {
  test('only with the API definitions (the plugin always has them); the target is 1.27 unless told', () => {
    const documents = [pdb('policy/v1beta1')];
    expect(checkManifests([{ file: 'app.yaml', documents }]).findings.filter((f) => f.rule.startsWith('api-versions/'))).toEqual([]);
    const result = checkManifests([{ file: 'app.yaml', documents }], { kubernetesApis: apis });
    expect(result.kubernetesVersion).toBe('1.27');
    expect(result.findings.map((f) => f.rule)).toEqual(['api-versions/removed']);
  });

  test('disabled, exempted', () => {
    const documents = [flowSchema('flowcontrol.apiserver.k8s.io/v1beta2')];
    const disabled = checkManifests([{ file: 'app.yaml', documents }], { kubernetesApis: apis, kubernetesVersion: KubernetesVersion.V1_36, disabledRules: ['api-versions/*'] });
    expect(disabled.findings).toEqual([]);
    expect(disabled.kubernetesVersion).toBeUndefined();
    const exempted = checkManifests([{ file: 'app.yaml', documents }], {
      kubernetesApis: apis, kubernetesVersion: KubernetesVersion.V1_36, exemptions: [{ rule: 'api-versions/removed', kind: 'FlowSchema', reason: 'applied to the old cluster only' }],
    });
    expect(exempted.findings.map((f) => [f.rule, f.exemption?.reason])).toEqual([['api-versions/removed', 'applied to the old cluster only']]);
  });

  test('the report names the target, and the custom resources it could not check', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'shop' }, spec: {} };
    const result = checkManifests([{ file: 'app.yaml', documents: [monitor, { ...monitor, metadata: { name: 'api', namespace: 'shop' } }] }],
      { kubernetesApis: apis, kubernetesVersion: KubernetesVersion.V1_31 });
    const report = buildReport(result, { profile: 'restricted', failOn: 'error', disabledRules: [] });
    expect(report.summary).toMatchObject({
      'Kubernetes': '1.31 (the target: API versions, deprecations and schemas)',
      'Not schema-checked': '2 custom resources without a CRD (monitoring.coreos.com/v1 ServiceMonitor ×2): add their CRDs to crdFiles',
    });
  });
});

describe('the plugin\'s properties', () => {
  test('kubernetesVersion, kubernetesSchemas and crdFiles are read', () => {
    expect(parseProperties({ kubernetesVersion: '1.30', kubernetesSchemas: 'schemas', crdFiles: ['crds/a.yaml'] }))
      .toEqual({ kubernetesVersion: '1.30', kubernetesSchemas: 'schemas', crdFiles: ['crds/a.yaml'] });
  });

  test.each<[string, unknown, string]>([
    ['kubernetesVersion', 1.3, 'cdk8s.yaml validations (class AppflowValidation): invalid properties.kubernetesVersion 1.3: it is a number, not a version '
      + '(YAML reads 1.30 as the number 1.3): quote it. Expected one of "1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", '
      + 'quoted (e.g. "1.30").'],
    ['kubernetesVersion', '1.26', 'invalid properties.kubernetesVersion "1.26": it is not a Kubernetes version the plugin supports. Expected one of "1.27"'],
    ['kubernetesSchemas', '', 'invalid properties.kubernetesSchemas "": it is not a path. Expected a directory of the Kubernetes OpenAPI definitions files of cdk8s'],
    ['crdFiles', 'crds/a.yaml', 'invalid properties.crdFiles "crds/a.yaml": it is not a list of paths. Expected a list of YAML files of CustomResourceDefinitions'],
  ])('%s %j is refused', (property, value, message) => {
    expect(() => parseProperties({ [property]: value })).toThrow(message);
  });

  test('a schema directory without the files, or a CRD file that is not there, stops the plugin before any check, naming the path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-schemas-'));
    try {
      expect(() => new AppflowValidation({ kubernetesSchemas: dir })).toThrow(
        `cdk8s.yaml validations (class AppflowValidation): invalid properties.kubernetesSchemas ${JSON.stringify(dir)}: Kubernetes schema file not found: `
        + `${path.join(dir, 'kubernetes-v1.27.0.json')}. Expected a directory of the Kubernetes OpenAPI definitions files of cdk8s`);
      const missing = path.join(dir, 'missing.yaml');
      expect(() => new AppflowValidation({ kubernetesSchemas: SCHEMA_DIRECTORY, crdFiles: [missing] })).toThrow(
        `invalid properties.crdFiles[0] ${JSON.stringify(missing)}: there is no file ${missing}. Expected a list of YAML files of CustomResourceDefinitions`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without kubernetesSchemas, the sources (not built) have no definitions: the plugin refuses to start rather than skip the rules', () => {
    expect(() => new AppflowValidation({})).toThrow(/invalid properties\.kubernetesSchemas \(undefined\): the plugin has no built-in Kubernetes API definitions \(.*kubernetes-apis\.json is missing/);
  });

  test('the plugin checks the files cdk8s wrote against the target it is told', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-plugin-'));
    try {
      const file = path.join(dir, 'app.k8s.yaml');
      fs.writeFileSync(file, Yaml.stringify(flowSchema('flowcontrol.apiserver.k8s.io/v1beta3')));
      const run = async (kubernetesVersion: string) => {
        const context = new ValidationContext([file], './plugin', '0.0.0', {});
        await new AppflowValidation({ kubernetesSchemas: SCHEMA_DIRECTORY, kubernetesVersion }).validate(context);
        return context.report.toJson();
      };
      expect((await run('1.31')).violations.map((v: any) => v.ruleName)).toEqual(['[warning] api-versions/deprecated']);
      const at132 = await run('1.32');
      expect(at132.violations.map((v: any) => v.ruleName)).toEqual(['[error] api-versions/removed']);
      expect(at132.summary.status).toBe('failure');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the real `cdk8s synth` of an app for 1.29: the removed APIs fail it, the deprecated one is a warning, the native sidecar is valid', () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-api-versions-'));
  try {
    const result = cdk8sSynth(path.join(__dirname, 'fixtures', 'api-versions'), temp);
    expect(result.status).toBe(2);
    expect(result.report.summary.metadata).toMatchObject({ Kubernetes: '1.29 (the target: API versions, deprecations and schemas)', Errors: '2', Warnings: '1' });
    expect(result.report.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.resourceName} @ ${c.constructPath}`))).toEqual([
      '[error] api-versions/removed FlowSchema shop-v1beta2 @ fixture/shop-v1beta2',
      '[error] api-versions/removed PodDisruptionBudget shop/legacy @ fixture/LegacyBudget',
      '[warning] api-versions/deprecated FlowSchema shop-v1beta3 @ fixture/shop-v1beta3',
    ]);
    expect(result.stdout).toContain('> apiVersion: flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is not served by Kubernetes 1.29, the target: it was removed in '
      + 'Kubernetes 1.29; the API server refuses the object (fix: use flowcontrol.apiserver.k8s.io/v1 FlowSchema (apiVersion: flowcontrol.apiserver.k8s.io/v1), '
      + 'converting the fields that changed)');
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
});
