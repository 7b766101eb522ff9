import { ApiObject, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { envSpecOf, keepIngressRulesWithoutPrototype, serviceSelectorOf, StatefulSetKeepingVolumes, volumeSpecOf } from '../../src/core/plus-internals';

test('volumeSpecOf: the spec cdk8s-plus-34 writes for a volume', () => {
  const chart = Testing.chart();
  const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'Claim', 'data');
  expect(volumeSpecOf(kplus.Volume.fromPersistentVolumeClaim(chart, 'Data', claim))).toEqual({
    name: expect.any(String), persistentVolumeClaim: { claimName: 'data', readOnly: false },
  });
  const config = kplus.ConfigMap.fromConfigMapName(chart, 'Config', 'app-config');
  expect(volumeSpecOf(kplus.Volume.fromConfigMap(chart, 'ConfigVolume', config)).configMap).toEqual(expect.objectContaining({ name: 'app-config' }));
});

test('envSpecOf: the env and envFrom entries cdk8s-plus-34 writes for a container', () => {
  const chart = Testing.chart();
  const config = kplus.ConfigMap.fromConfigMapName(chart, 'Config', 'app-config');
  const secret = kplus.Secret.fromSecretName(chart, 'Secret', 'app-secret');
  const container = new kplus.Container({ image: 'app:1', envVariables: { LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LOG_LEVEL') } });
  container.env.copyFrom(kplus.Env.fromSecret(secret));
  const spec = envSpecOf(container.env);
  expect(spec.variables).toEqual([{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } }]);
  expect(spec.from).toEqual([{ secretRef: { name: 'app-secret' } }]);
});

test('serviceSelectorOf: the labels a Service selects, a copy', () => {
  const chart = Testing.chart();
  const service = new kplus.Service(chart, 'Service', { ports: [{ port: 80 }] });
  expect(serviceSelectorOf(service)).toEqual({});
  service.selectLabel('app', 'web');
  const selector = serviceSelectorOf(service);
  expect(selector).toEqual({ app: 'web' });
  selector.app = 'changed';
  expect(serviceSelectorOf(service)).toEqual({ app: 'web' });
});

test('keepIngressRulesWithoutPrototype: a host named like a property of Object.prototype works', () => {
  const chart = Testing.chart();
  const service = new kplus.Service(chart, 'Service', { ports: [{ port: 80 }] });
  const broken = new kplus.Ingress(chart, 'Broken');
  expect(() => broken.addHostRule('constructor', '/', kplus.IngressBackend.fromService(service))).toThrow(TypeError);
  const ingress = new kplus.Ingress(chart, 'Ingress');
  keepIngressRulesWithoutPrototype(ingress);
  ingress.addHostRule('constructor', '/', kplus.IngressBackend.fromService(service));
  expect(ApiObject.of(ingress).toJson().spec.rules.map((r: any) => r.host)).toEqual(['constructor']);
});

describe('StatefulSetKeepingVolumes: the workaround of cdk8s-plus-34 dropping the volumes of a StatefulSet', () => {
  function statefulSet(type: typeof kplus.StatefulSet, templates: boolean) {
    const chart = Testing.chart();
    const service = new kplus.Service(chart, 'Service', { clusterIP: 'None', ports: [{ port: 80 }] });
    const sts = new type(chart, 'Sts', {
      service,
      containers: [{ image: 'app:1', securityContext: { ensureNonRoot: false } }],
      volumeClaimTemplates: templates ? [{ name: 'data', storage: Size.gibibytes(1) }] : undefined,
    });
    sts.containers[0].mount('/tmp', kplus.Volume.fromEmptyDir(chart, 'Tmp', 'tmp'));
    if (templates) {
      sts.containers[0].mount('/data', kplus.Volume.fromEmptyDir(chart, 'Data', 'data'));
    }
    // The object alone: the chart's synthesis would refuse the broken one (the strict validator of the tests).
    return ApiObject.of(sts).toJson().spec.template.spec.volumes;
  }

  test('upstream still drops them (when this fails, cdk8s-plus fixed cdk8s-plus#6735: remove the workaround)', () => {
    expect(statefulSet(kplus.StatefulSet, false)).toBeUndefined();
  });

  test('the workaround keeps them, and still leaves out a volume that a claim template replaces', () => {
    expect(statefulSet(StatefulSetKeepingVolumes, false)).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(statefulSet(StatefulSetKeepingVolumes, true)).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(statefulSet(kplus.StatefulSet, true)).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });
});
