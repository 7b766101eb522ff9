import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, AutoscalingProps, ContainerImage, ScalingMetric, StatefulWorkload, StatelessWorkload, StatelessWorkloadProps } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/api:1.4.2');
const REQUESTS = { cpuRequest: kplus.Cpu.millis(250), memoryRequest: Size.mebibytes(256) };

function workload(autoscaling: Partial<AutoscalingProps>, props: Partial<StatelessWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const web = new StatelessWorkload(chart, 'Api', {
    identity: new AppIdentity(chart, 'Identity', { name: 'shop-api' }),
    container: { image: IMAGE, resources: REQUESTS },
    sidecars: [{ name: 'proxy', image: IMAGE, resources: { cpuRequest: kplus.Cpu.millis(50) } }],
    autoscaling: { minReplicas: 2, maxReplicas: 10, ...autoscaling },
    ...props,
  });
  return { chart, web };
}

const metricsOf = (chart: Chart) => only(synth(chart), 'HorizontalPodAutoscaler').spec.metrics;

describe('metrics besides CPU and memory (autoscaling/v2)', () => {
  test('pods, object, external and container metrics, after the CPU and memory targets, in the order given', () => {
    const { chart } = workload({
      cpuUtilization: 80,
      metrics: [
        ScalingMetric.pods({ name: 'http_requests_per_second', averageValue: 100 }),
        ScalingMetric.object({
          object: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'shop' }, name: 'requests-per-second', value: 2000, selector: { verb: 'GET' },
        }),
        ScalingMetric.external({ name: 'queue_messages_ready', selector: { queue: 'orders' }, averageValue: 30 }),
        ScalingMetric.containerCpu({ container: 'shop-api', utilization: 60 }),
        ScalingMetric.containerMemory({ container: 'shop-api', averageValue: Size.mebibytes(200) }),
        ScalingMetric.containerCpu({ container: 'proxy', averageValue: kplus.Cpu.millis(500) }),
        ScalingMetric.external({ name: 'lag', value: 0.5 }),
      ],
    });
    expect(metricsOf(chart)).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: 100 } } },
      {
        type: 'Object',
        object: {
          describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'shop' },
          metric: { name: 'requests-per-second', selector: { matchLabels: { verb: 'GET' } } },
          target: { type: 'Value', value: 2000 },
        },
      },
      {
        type: 'External',
        external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: 30 } },
      },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'shop-api', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'ContainerResource', containerResource: { name: 'memory', container: 'shop-api', target: { type: 'AverageValue', averageValue: '200Mi' } } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'proxy', target: { type: 'AverageValue', averageValue: '500m' } } },
      { type: 'External', external: { metric: { name: 'lag' }, target: { type: 'Value', value: 0.5 } } },
    ]);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('with metrics, no CPU target unless asked for (the default of 70% is for an autoscaler without any target)', () => {
    const { chart, web } = workload({ metrics: [ScalingMetric.pods({ name: 'jobs_in_progress', averageValue: 4 })] });
    expect(metricsOf(chart)).toEqual([{ type: 'Pods', pods: { metric: { name: 'jobs_in_progress' }, target: { type: 'AverageValue', averageValue: 4 } } }]);
    expect(web.autoscaler!.metrics).toEqual([]);
  });

  test('memory and a metric: both, memory first', () => {
    const { chart } = workload({ memoryUtilization: 75, metrics: [ScalingMetric.external({ name: 'backlog', value: 100 })] }, { sidecars: [] });
    expect(metricsOf(chart).map((m: any) => m.type)).toEqual(['Resource', 'External']);
    expect(metricsOf(chart)[0].resource).toEqual({ name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } });
  });

  test('a cdk8s-plus-34 Ingress is the object of an object metric', () => {
    const chart = Testing.chart();
    const service = new kplus.Service(chart, 'Service', { metadata: { name: 'shop-api' }, ports: [{ port: 80 }] });
    const ingress = new kplus.Ingress(chart, 'Ingress', { metadata: { name: 'shop' }, defaultBackend: kplus.IngressBackend.fromService(service) });
    workload({ metrics: [ScalingMetric.object({ object: ingress, name: 'requests-per-second', averageValue: 50 })] }, {}, chart);
    expect(metricsOf(chart)[0].object).toMatchObject({
      describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'shop' },
      target: { type: 'AverageValue', averageValue: 50 },
    });
  });

  test('a StatefulSet takes metrics too', () => {
    const chart = Testing.chart();
    new StatefulWorkload(chart, 'Db', {
      identity: new AppIdentity(chart, 'Identity', { name: 'db' }),
      container: { image: IMAGE, ports: [{ name: 'pg', number: 5432 }], resources: REQUESTS },
      autoscaling: { minReplicas: 1, maxReplicas: 3, metrics: [ScalingMetric.pods({ name: 'connections', averageValue: 80 })] },
    });
    const hpa = only(synth(chart), 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' });
    expect(hpa.spec.metrics).toEqual([{ type: 'Pods', pods: { metric: { name: 'connections' }, target: { type: 'AverageValue', averageValue: 80 } } }]);
  });

  test('without metrics, the HorizontalPodAutoscaler is as before (CPU at 70%)', () => {
    const { chart } = workload({});
    expect(metricsOf(chart)).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });
});

describe('refused metrics: the exact errors', () => {
  const at = 'test/Api';
  const POSITIVE = 'a number of at least 0.001 (the metrics are compared in thousandths)';
  test.each([
    ['not a ScalingMetric', [{ type: 'Pods', name: 'x', averageValue: 1 }], 'autoscaling.metrics[0]', { type: 'Pods', name: 'x', averageValue: 1 },
      'it is not a ScalingMetric', 'ScalingMetric.pods(), object(), external(), containerCpu() or containerMemory()'],
    ['metrics not a list', ScalingMetric.pods({ name: 'x', averageValue: 1 }), 'autoscaling.metrics', undefined,
      'it is an object, not a list', 'a list of ScalingMetric, e.g. [ScalingMetric.pods({ name: "http_requests_per_second", averageValue: 100 })]'],
    ['a pods metric with an empty name', [ScalingMetric.pods({ name: '', averageValue: 1 })], 'autoscaling.metrics[0].name', '', 'it is empty',
      'the name of the metric as the metrics API serves it, e.g. "http_requests_per_second" (not "." or "..", without "/" or "%")'],
    ['a metric name with a slash', [ScalingMetric.external({ name: 'queue/orders', value: 1 })], 'autoscaling.metrics[0].name', 'queue/orders',
      'the API server refuses a metric name that is "." or "..", or that contains "/" or "%"',
      'the name of the metric as the metrics API serves it, e.g. "http_requests_per_second" (not "." or "..", without "/" or "%")'],
    ['a pods metric of a zero average', [ScalingMetric.pods({ name: 'rps', averageValue: 0 })], 'autoscaling.metrics[0].averageValue', 0, 'it is not above zero', POSITIVE],
    ['a pods metric of a NaN average', [ScalingMetric.pods({ name: 'rps', averageValue: NaN })], 'autoscaling.metrics[0].averageValue', NaN, 'it is not a finite number', POSITIVE],
    ['a target below a thousandth', [ScalingMetric.external({ name: 'lag', value: 0.0001 })], 'autoscaling.metrics[0].value', 0.0001,
      'it is below 0.001, which Kubernetes reads as zero', POSITIVE],
    ['an external metric with neither target', [ScalingMetric.external({ name: 'lag' })], 'autoscaling.metrics[0].value', undefined,
      'the target has neither a value nor an averageValue', 'exactly one of value and averageValue'],
    ['an object metric with both targets', [ScalingMetric.object({ object: { apiVersion: 'v1', kind: 'Service', name: 'web' }, name: 'rps', value: 10, averageValue: 2 })],
      'autoscaling.metrics[0].value', 10, 'the target also has an averageValue (2), and is one or the other', 'exactly one of value and averageValue'],
    ['an object of no kind', [ScalingMetric.object({ object: { apiVersion: 'networking.k8s.io/v1', kind: 'ingress', name: 'shop' }, name: 'rps', value: 1 })],
      'autoscaling.metrics[0].object.kind', 'ingress', 'it is not a kind',
      'the object\'s apiVersion, kind and name, e.g. { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "shop" } (a cdk8s-plus-34 Ingress is one); a kind is a word in UpperCamelCase'],
    ['an object of no API version', [ScalingMetric.object({ object: { apiVersion: 'networking.k8s.io', kind: 'Ingress', name: 'shop' }, name: 'rps', value: 1 })],
      'autoscaling.metrics[0].object.apiVersion', 'networking.k8s.io', 'it is not an API version',
      'the object\'s apiVersion, kind and name, e.g. { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "shop" } (a cdk8s-plus-34 Ingress is one); an API version is "<group>/<version>" or "v1"'],
    ['a selector value that is no label value', [ScalingMetric.external({ name: 'lag', value: 1, selector: { queue: 'orders queue' } })],
      'autoscaling.metrics[0].selector.queue', 'orders queue', 'it contains " ", which is not allowed', expect.stringMatching(/^a label value/)],
    ['a container metric of no container', [ScalingMetric.containerCpu({ container: 'app', utilization: 50 })], 'autoscaling.metrics[0].container', 'app',
      'no container of the pods has this name', 'the name of a container of the pods: "shop-api", "proxy"'],
    ['a container utilization without its request', [ScalingMetric.containerMemory({ container: 'proxy', utilization: 50 })],
      'autoscaling.metrics[0].utilization', 50, 'the container "proxy" has no memory request, which the utilization is measured against',
      'a memory request on the container (its resources, or the platform default memoryRequest), or an averageValue'],
    ['a container utilization of 0', [ScalingMetric.containerCpu({ container: 'proxy', utilization: 0 })], 'autoscaling.metrics[0].utilization', 0,
      'it is below 1', 'a percentage of the request: an integer from 1 to 1000'],
    ['a container metric with both targets', [ScalingMetric.containerCpu({ container: 'proxy', utilization: 50, averageValue: kplus.Cpu.millis(100) })],
      'autoscaling.metrics[0].utilization', 50, 'the target also has an averageValue ("100m"), and is one or the other', 'exactly one of utilization and averageValue'],
    ['a container memory of half a mebibyte', [ScalingMetric.containerMemory({ container: 'proxy', averageValue: Size.kibibytes(512) })],
      'autoscaling.metrics[0].averageValue', '512Ki', 'it is not a whole number of mebibytes', 'a size in whole mebibytes above zero, e.g. Size.mebibytes(512)'],
    ['a container CPU of zero', [ScalingMetric.containerCpu({ container: 'proxy', averageValue: kplus.Cpu.millis(0) })],
      'autoscaling.metrics[0].averageValue', '0m', 'it is not a positive amount of CPU', 'a Cpu above zero, e.g. Cpu.millis(500)'],
  ])('%s', (_, metrics, prop, value, problem, accepted) => {
    const refusal = refusalOf(() => workload({ metrics: metrics as any }));
    expect(refusal).toMatchObject({ constructPath: at, prop, problem, accepted });
    if (value !== undefined) {
      expect(refusal.value).toEqual(value);
    }
  });

  test('the message names the construct path, the prop, the value, the problem and what is accepted', () => {
    expect(() => workload({ metrics: [ScalingMetric.pods({ name: 'rps', averageValue: -1 })] })).toThrow(
      'test/Api: invalid autoscaling.metrics[0].averageValue -1: it is not above zero. Expected a number of at least 0.001 (the metrics are compared in thousandths).');
  });
});
