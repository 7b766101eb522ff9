import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppIdentity, RecommendedLabel } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

describe('labels and selector', () => {
  test('every recommended label from the props; managed-by defaults to cdk8s', () => {
    const identity = new AppIdentity(Testing.chart(), 'Identity', {
      name: 'shop-api', instance: 'shop-api-eu', version: '1.4.2', component: 'api', partOf: 'shop',
    });
    expect(identity.labels).toEqual({
      'app.kubernetes.io/name': 'shop-api',
      'app.kubernetes.io/instance': 'shop-api-eu',
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
    expect(identity.selectorLabels).toEqual({
      'app.kubernetes.io/name': 'shop-api',
      'app.kubernetes.io/instance': 'shop-api-eu',
      'app.kubernetes.io/component': 'api',
    });
  });

  test('only the name is required: the instance defaults to the name, optional labels are left out', () => {
    const identity = new AppIdentity(Testing.chart(), 'Identity', { name: 'web' });
    expect(identity.instance).toBe('web');
    expect(identity.labels).toEqual({
      [RecommendedLabel.NAME]: 'web',
      [RecommendedLabel.INSTANCE]: 'web',
      [RecommendedLabel.MANAGED_BY]: 'cdk8s',
    });
    expect(identity.selectorLabels).toEqual({ [RecommendedLabel.NAME]: 'web', [RecommendedLabel.INSTANCE]: 'web' });
  });

  test('the selector never holds the version, nor changes with it', () => {
    const chart = Testing.chart();
    const v1 = new AppIdentity(chart, 'V1', { name: 'web', version: '1.0.0', partOf: 'shop' });
    const v2 = new AppIdentity(chart, 'V2', { name: 'web', version: '2.0.0', partOf: 'shop' });
    expect(v1.selectorLabels).toEqual(v2.selectorLabels);
    expect(Object.keys(v1.selectorLabels)).not.toContain(RecommendedLabel.VERSION);
    expect(Object.keys(v1.selectorLabels)).not.toContain(RecommendedLabel.PART_OF);
    expect(v1.labels).not.toEqual(v2.labels);
  });

  test('labels and selectorLabels return copies', () => {
    const identity = new AppIdentity(Testing.chart(), 'Identity', { name: 'web' });
    identity.labels.extra = 'x';
    identity.selectorLabels.extra = 'x';
    expect(identity.labels.extra).toBeUndefined();
    expect(identity.selectorLabels.extra).toBeUndefined();
  });
});

describe('refused props', () => {
  test.each([
    ['name', { name: 'Shop_API' }, /test\/Identity: invalid name "Shop_API": it contains "_" and uppercase letters, which are not allowed\. Expected a DNS-1123 label: /],
    ['name', { name: '' }, /invalid name "": it is empty\. Expected a DNS-1123 label/],
    ['name', { name: 'x'.repeat(64) }, /invalid name "x+"… \(64 characters\)|invalid name "x{64}": it is 64 characters long/],
    ['instance', { name: 'web', instance: 'eu/1' }, /invalid instance "eu\/1": it contains "\/", which is not allowed\. Expected a label value/],
    ['instance', { name: 'web', instance: '' }, /invalid instance "": it is empty\. Expected a non-empty label value/],
    ['version', { name: 'web', version: '1.4.2+build.7' }, /invalid version "1\.4\.2\+build\.7": it contains "\+", which is not allowed\. Expected a label value/],
    ['version', { name: 'web', version: 'v'.repeat(64) }, /invalid version .*it is 64 characters long, more than 63/],
    ['component', { name: 'web', component: '-api' }, /invalid component "-api": it starts with "-"/],
    ['partOf', { name: 'web', partOf: 'shop front' }, /invalid partOf "shop front": it contains " "/],
    ['managedBy', { name: 'web', managedBy: 'argo cd' }, /invalid managedBy "argo cd"/],
  ])('%s', (_prop, props, message) => {
    expect(() => new AppIdentity(Testing.chart(), 'Identity', props)).toThrow(message);
  });
});

describe('on a cdk8s-plus-34 Deployment', () => {
  function deploymentChart(version = '1.4.2') {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'shop-api', version, component: 'api', partOf: 'shop' });
    const deployment = new kplus.Deployment(chart, 'Deployment', {
      select: false,
      metadata: { name: identity.name },
      containers: [{ image: 'registry.example.com/shop/api:1.4.2', portNumber: 8080 }],
    });
    identity.selectPods(deployment);
    identity.applyTo(chart);
    return { chart, identity, deployment };
  }

  test('the Deployment and its pods carry every label; the selector holds only the stable ones', () => {
    const { chart, identity } = deploymentChart();
    const deployment = only(synth(chart), 'Deployment');
    expect(deployment.metadata.labels).toEqual(identity.labels);
    // cdk8s-plus-34 also labels pods with its construct-path address (not part of the selector).
    expect(deployment.spec.template.metadata.labels).toEqual({ ...identity.labels, [kplus.Pod.ADDRESS_LABEL]: 'test-Deployment-c83f5e59' });
    expect(deployment.spec.selector).toEqual({ matchLabels: identity.selectorLabels });
    expect(Object.keys(deployment.spec.selector.matchLabels)).not.toContain(kplus.Pod.ADDRESS_LABEL);
  });

  test('a new version changes the labels but not the selector', () => {
    const before = only(synth(deploymentChart('1.4.2').chart), 'Deployment');
    const after = only(synth(deploymentChart('1.5.0').chart), 'Deployment');
    expect(after.spec.selector).toEqual(before.spec.selector);
    expect(after.spec.template.metadata.labels[RecommendedLabel.VERSION]).toBe('1.5.0');
  });

  test('a workload that selects by the construct-path label is refused', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    const deployment = new kplus.Deployment(chart, 'Deployment', { containers: [{ image: 'nginx:1.27' }] });
    expect(() => identity.selectPods(deployment)).toThrow(
      /test\/Identity: invalid selectPods\(workload\) "test\/Deployment": the workload already selects its pods by the cdk8s\.io\/metadata\.addr label.*Expected a workload created with `select: false`\./,
    );
  });
});

describe('applyTo', () => {
  test('labels every object under the scope, nested ones included', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    new ApiObject(chart, 'ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' } });
    const nested = new kplus.ConfigMap(chart, 'Nested', { metadata: { name: 'web-nested' } });
    identity.applyTo(chart);
    for (const manifest of synth(chart)) {
      expect(manifest.metadata.labels).toEqual(identity.labels);
    }
    expect(nested.metadata.getLabel(RecommendedLabel.NAME)).toBe('web');
  });

  test('leaves objects outside the scope alone', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    const mine = new kplus.ConfigMap(chart, 'Mine', { metadata: { name: 'mine' } });
    const other = new kplus.ConfigMap(chart, 'Other', { metadata: { name: 'other' } });
    identity.applyTo(mine);
    expect(mine.metadata.getLabel(RecommendedLabel.NAME)).toBe('web');
    expect(other.metadata.getLabel(RecommendedLabel.NAME)).toBeUndefined();
  });

  test('is idempotent, and refuses an object that belongs to another application', () => {
    const chart = Testing.chart();
    const web = new AppIdentity(chart, 'Web', { name: 'web' });
    const db = new AppIdentity(chart, 'Db', { name: 'db' });
    new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'config' } });
    web.applyTo(chart);
    web.applyTo(chart);
    expect(() => db.applyTo(chart)).toThrow(
      /test\/Db: invalid applyTo\(scope\) "test\/Config\/Resource": the ConfigMap at that path already has the label app\.kubernetes\.io\/name=web, so it belongs to another application\. Expected a scope whose objects carry no app\.kubernetes\.io\/name label or the value "db"\./,
    );
  });
});

describe('on a cdk8s-plus-34 Service', () => {
  test('the Service selects the pods by the stable labels', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'web', component: 'api', version: '2.0.0' });
    const service = new kplus.Service(chart, 'Service', { metadata: { name: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
    identity.targetPods(service);
    expect(only(synth(chart), 'Service').spec.selector).toEqual(identity.selectorLabels);
  });

  test('a Service that selects by the construct-path label is refused', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    const deployment = new kplus.Deployment(chart, 'Deployment', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    const service = deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    expect(() => identity.targetPods(service)).toThrow(
      /test\/Identity: invalid targetPods\(service\) "test\/Deployment\/Service": the Service already selects pods by the cdk8s\.io\/metadata\.addr label.*Expected a Service created without `selector` \(and not by `exposeViaService\(\)`\)\./,
    );
  });
});

test('cdk8s-plus-34 keeps the selector of a Service in the private field `_selector` (read by targetPods)', () => {
  // If this fails, cdk8s-plus-34 moved the field: targetPods then reads the Service's JSON, slower but right.
  const chart = Testing.chart();
  const deployment = new kplus.Deployment(chart, 'Deployment', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
  const service = deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  const field = (service as unknown as { _selector?: Record<string, string> })._selector;
  expect(field).toEqual(only(synth(chart), 'Service').spec.selector);
  expect(Object.keys(field ?? {})).toContain(kplus.Pod.ADDRESS_LABEL);
});

describe('release tracks', () => {
  test('a track adds the track label to the labels and the selector; the version stays out of the selector', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'foo', version: '2.0.0' });
    const blue = identity.withTrack(chart, 'Blue', 'blue');
    expect(blue.labels).toEqual({ ...identity.labels, 'cdk8s-appflow/track': 'blue' });
    expect(blue.selectorLabels).toEqual({ ...identity.selectorLabels, [RecommendedLabel.TRACK]: 'blue' });
    expect(blue.name).toBe('foo');
    expect(blue.version).toBe('2.0.0');
    // The stable selector of the application (without a track) selects the pods of every track.
    for (const [k, v] of Object.entries(identity.selectorLabels)) {
      expect(blue.labels[k]).toBe(v);
    }
  });

  test('an invalid track is refused', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'foo' });
    expect(() => identity.withTrack(chart, 'Bad', 'Blue Track')).toThrow(/test\/Bad: invalid track "Blue Track"/);
  });
});

describe('the namespace of the chart', () => {
  test.each(['Shop_1', 'shop.eu', '-shop', 'x'.repeat(64), ''])('a chart namespace %j that is not a DNS-1123 label is refused, at the chart', (namespace) => {
    const chart = new Chart(Testing.app(), 'x', { namespace });
    const error = refusalOf(() => new AppIdentity(chart, 'Identity', { name: 'web' }));
    expect(error).toMatchObject({ constructPath: 'x', prop: 'namespace', value: namespace });
    expect(error.problem).toMatch(/\(it is the namespace of the application web at x\/Identity\)$/);
    expect(error.accepted).toMatch(/^a namespace name, a DNS-1123 label: at most 63 characters of lowercase letters, digits and "-"/);
  });

  test('the message names the chart, the prop and what is accepted', () => {
    const chart = new Chart(Testing.app(), 'x', { namespace: 'Shop_1' });
    expect(() => new AppIdentity(new Construct(chart, 'Web'), 'Identity', { name: 'web' })).toThrow(
      /^x: invalid namespace "Shop_1": it contains "_" and uppercase letters, which are not allowed \(it is the namespace of the application web at x\/Web\/Identity\)\. Expected a namespace name, a DNS-1123 label: /);
  });

  test('a chart without a namespace, and a valid one, are fine', () => {
    expect(() => new AppIdentity(Testing.chart(), 'Identity', { name: 'web' })).not.toThrow();
    expect(() => new AppIdentity(new Chart(Testing.app(), 'x', { namespace: 'shop-1' }), 'Identity', { name: 'web' })).not.toThrow();
  });
});
