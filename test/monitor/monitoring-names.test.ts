import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, AppWorkload, BatchWorkload, ContainerImage, CronSchedule, DaemonWorkload, ScheduledWorkload, StatefulWorkload, StatelessWorkload,
} from '../../src';
import { generatedName } from '../../src/core/generated-names';
import { escapeRegex } from '../../src/core/promql';
import { normalizeUrl, podNamePattern, promDuration, promString } from '../../src/monitor/monitoring-names';

describe('the names the monitoring derives', () => {
  test.each([
    ['web-00001', 'web-00001'],
    ['data.mysql', 'data\\.mysql'],
    ['a+b*c?', 'a\\+b\\*c\\?'],
    ['(x)[y]{z}|^$\\', '\\(x\\)\\[y\\]\\{z\\}\\|\\^\\$\\\\'],
  ])('escapeRegex(%j) is %j, a regular expression that matches the text as it is', (text, escaped) => {
    expect(escapeRegex(text)).toBe(escaped);
    expect(new RegExp(`^${escapeRegex(text)}$`).test(text)).toBe(true);
  });

  test.each([
    ['shop', '"shop"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['two\nlines', '"two\\nlines"'],
  ])('promString(%j) is the PromQL string literal %j', (text, literal) => {
    expect(promString(text)).toBe(literal);
    // A PromQL double-quoted string reads as a JSON string for these characters.
    expect(JSON.parse(literal)).toBe(text);
  });

  test('promDuration writes whole seconds in their largest whole unit', () => {
    expect([0, 1, 30, 60, 90, 120, 3600, 5400, 86400, 172800].map(promDuration))
      .toEqual(['0s', '1s', '30s', '1m', '90s', '2m', '1h', '90m', '1d', '2d']);
  });

  test('normalizeUrl: scheme and host in lowercase, no default port, a path', () => {
    expect(['HTTPS://Shop.Example.com:443', 'http://shop.example.com:80/api', 'http://shop.example.com:8080', 'https://shop.example.com?q=1', 'https://shop.example.com/A'].map(normalizeUrl))
      .toEqual(['https://shop.example.com/', 'http://shop.example.com/api', 'http://shop.example.com:8080/', 'https://shop.example.com/?q=1', 'https://shop.example.com/A']);
  });
});

describe('the pod names of each kind of controller', () => {
  const container = { image: ContainerImage.fromReference('registry.example.com/shop/web:2.0.0'), resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) } };
  function made(kind: string, name = 'web'): AppWorkload {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const identity = new AppIdentity(chart, 'Identity', { name });
    const ports = [{ name: 'http', number: 8080 }];
    switch (kind) {
      case 'Deployment': return new StatelessWorkload(chart, 'W', { identity, container: { ...container, ports } });
      case 'StatefulSet': return new StatefulWorkload(chart, 'W', { identity, container: { ...container, ports } });
      case 'DaemonSet': return new DaemonWorkload(chart, 'W', { identity, container: { ...container, ports } });
      case 'Job': return new BatchWorkload(chart, 'W', { identity, container });
      default: return new ScheduledWorkload(chart, 'W', { identity, container, schedule: CronSchedule.daily() });
    }
  }
  // Names as the controllers make them: a Deployment's pods <name>-<pod-template-hash>-<5>, a StatefulSet's <name>-<ordinal>, a
  // DaemonSet's and a Job's <name>-<5>, a CronJob's <name>-<scheduled time in minutes>-<5>.
  const NAMES: Record<string, string[]> = {
    Deployment: ['web-7d9c6b8f5b-x2k4q', 'web-5b4c9d7f86-zz9bp'],
    StatefulSet: ['web-0', 'web-12'],
    DaemonSet: ['web-x2k4q'],
    Job: ['web-x2k4q'],
    CronJob: ['web-28913520-x2k4q'],
  };
  test.each(Object.keys(NAMES))('a %s: its pods, and not the pods of the others or of a longer name', (kind) => {
    const pattern = new RegExp(`^(?:${podNamePattern(made(kind))})$`); // PromQL anchors =~ at both ends
    for (const [other, names] of Object.entries(NAMES)) {
      for (const name of names) {
        const expected = other === kind || (kind === 'Job' && other === 'DaemonSet') || (kind === 'DaemonSet' && other === 'Job');
        expect([kind, name, pattern.test(name)]).toEqual([kind, name, expected]);
      }
    }
    for (const name of ['web-api-7d9c6b8f5b-x2k4q', 'web-api-0', 'web-api-x2k4q', 'web-api-28913520-x2k4q']) {
      expect([kind, name, pattern.test(name)]).toEqual([kind, name, false]);
    }
  });

  // The API server cuts the base of a generated name (`<ReplicaSet>-`, `<Job>-`, `<DaemonSet>-`) to 58 characters
  // before it adds 5 random ones: the pods of long names lose the end of the hash, or of the time, and its dash.
  test.each([
    ['Deployment', 46, ['-7d9c6b8f5b-', '-5b4c9d7f8-']],
    ['Deployment', 47, ['-7d9c6b8f5b-', '-5b4c9d7f8-']],
    ['Deployment', 50, ['-7d9c6b8f5b-', '-5b4c9d7f8-', '-5b4c9d-']],
    ['Deployment', 53, ['-7d9c6b8f5b-', '-5b4c9d7f8-', '-5b4-']],
    ['CronJob', 49, ['-28913520-']],
    ['CronJob', 52, ['-28913520-']],
    ['DaemonSet', 53, ['-']],
    ['Job', 60, ['-']],
  ])('a %s of a name of %i characters: the names of its pods, cut as the API server cuts them', (kind, length, middles) => {
    const name = `w${'x'.repeat(length - 1)}`;
    const pattern = new RegExp(`^(?:${podNamePattern(made(kind, name))})$`);
    const pods = middles.map((middle) => generatedName(`${name}${middle}`, 'x2k4q'));
    expect(pods.every((pod) => pod.length <= 63)).toBe(true);
    expect(pods.map((pod) => [pod, pattern.test(pod)])).toEqual(pods.map((pod) => [pod, true]));
    // Not the pods of a longer name, cut alike.
    const longer = generatedName(`${name}a-7d9c6b8f5b-`, 'x2k4q');
    expect([longer, pattern.test(longer)]).toEqual([longer, kind === 'Job' && length >= 58]);
  });
});

