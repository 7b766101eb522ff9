import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, BatchWorkload, ContainerImage, ContainerProbes, ContainerProbesProps, HealthProbe, KubernetesVersion, ManifestYaml, PlatformDefaults,
  ProbeScheme,
  StatelessWorkload,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/web:2.0.0');
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };

function web(ports = [{ name: 'http', number: 8080 }, { name: 'grpc', number: 9000 }]) {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
  const workload = new StatelessWorkload(chart, 'Web', {
    identity,
    container: { image: IMAGE, ports, resources },
    sidecars: [{ name: 'proxy', image: ContainerImage.fromReference('registry.example.com/proxy:1.0.0'), ports: [{ name: 'proxy', number: 15001 }], resources }],
  });
  return { chart, workload };
}

function containers(chart: Chart): any[] {
  return only(synth(chart), 'Deployment').spec.template.spec.containers;
}

describe('each kind of check', () => {
  test('HTTP GET with port name, headers, scheme and typed durations', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, {
      readiness: HealthProbe.httpGet('/ready', {
        portName: 'http',
        scheme: ProbeScheme.HTTPS,
        headers: { 'X-Probe': 'kubelet' },
        initialDelay: Duration.seconds(5),
        period: Duration.seconds(15),
        timeout: Duration.seconds(2),
        failureThreshold: 4,
        successThreshold: 2,
      }),
    });
    expect(containers(chart)[0].readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 'http', scheme: 'HTTPS', httpHeaders: [{ name: 'X-Probe', value: 'kubelet' }] },
      initialDelaySeconds: 5,
      periodSeconds: 15,
      timeoutSeconds: 2,
      failureThreshold: 4,
      successThreshold: 2,
    });
  });

  test('TCP on the first port by default; exec; gRPC by port number', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, {
      readiness: HealthProbe.tcp(),
      liveness: HealthProbe.exec(['/bin/healthcheck', '--live'], { period: Duration.minutes(1) }),
      startup: HealthProbe.grpc({ portName: 'grpc', service: 'shop.Web', failureThreshold: 30 }),
    });
    const main = containers(chart)[0];
    expect(main.readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(main.livenessProbe).toEqual({ exec: { command: ['/bin/healthcheck', '--live'] }, periodSeconds: 60 });
    expect(main.startupProbe).toEqual({ grpc: { port: 9000, service: 'shop.Web' }, failureThreshold: 30 });
  });

  test('probes of a sidecar go on the sidecar', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, { container: 'proxy', readiness: HealthProbe.tcp() });
    const [main, proxy] = containers(chart);
    expect(main.readinessProbe).toBeUndefined();
    expect(proxy.readinessProbe).toEqual({ tcpSocket: { port: 'proxy' } });
  });

  test('withTiming keeps the check and changes the timing', () => {
    const probe = HealthProbe.httpGet('/healthz', { portName: 'http', period: Duration.seconds(5) });
    const slower = probe.withTiming({ failureThreshold: 10 });
    expect(slower.kind).toBe('http');
    expect(slower.timing.period?.toSeconds()).toBe(5);
    expect(slower.timing.failureThreshold).toBe(10);
    expect(probe.timing.failureThreshold).toBeUndefined();
  });

  test('snapshot of a container with all three probes', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, {
      readiness: HealthProbe.httpGet('/ready', { portName: 'http' }),
      liveness: HealthProbe.httpGet('/live', { portName: 'http', period: Duration.seconds(20), failureThreshold: 6 }),
      startup: HealthProbe.httpGet('/ready', { portName: 'http', failureThreshold: 30 }),
    });
    expect(ManifestYaml.ofManifests([only(synth(chart), 'Deployment')])).toMatchSnapshot();
  });
});

describe('defaults from the main port', () => {
  test('readiness is a TCP check of the first port; no liveness, no startup', () => {
    const { workload } = web();
    const probes = ContainerProbes.defaults(workload);
    expect(probes.readiness?.kind).toBe('tcp');
    expect(probes.readiness?._action.portName).toBe('http');
    expect(probes.liveness).toBeUndefined();
    expect(probes.startup).toBeUndefined();
  });

  test('an HTTP readiness path, and a startup probe that allows a slow start', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, ContainerProbes.defaults(workload, { readinessPath: '/ready', slowStart: Duration.minutes(3) }));
    const main = containers(chart)[0];
    expect(main.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' } });
    expect(main.startupProbe).toEqual({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 10, failureThreshold: 18 });
  });

  test('a workload without ports has no default probes', () => {
    const chart = new Chart(Testing.app(), 'batch', { namespace: 'batch' });
    const identity = new AppIdentity(chart, 'Identity', { name: 'report' });
    const job = new BatchWorkload(chart, 'Report', { identity, container: { image: IMAGE, resources } });
    expect(() => ContainerProbes.defaults(job)).toThrow(/batch\/Report: invalid probes \(undefined\): the main container declares no port to probe/);
  });
});

describe('liveness and readiness', () => {
  const same = () => HealthProbe.httpGet('/healthz', { portName: 'http' });

  test('the same check for both is refused: a restart storm waiting to happen', () => {
    const { workload } = web();
    expect(() => ContainerProbes.addTo(workload, { readiness: same(), liveness: same() })).toThrow(
      /shop\/Web: invalid probes\.liveness "http": it is the same check as the readiness probe: when it fails, every pod is restarted at once \(a restart storm\)\. Expected .*allowLivenessLikeReadiness: true/);
  });

  test('unless told', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, { readiness: same(), liveness: same(), allowLivenessLikeReadiness: true });
    const main = containers(chart)[0];
    expect(main.livenessProbe).toEqual(main.readinessProbe);
  });

  test('the same path with another timing is another check', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, { readiness: same(), liveness: same().withTiming({ period: Duration.seconds(30) }) });
    expect(containers(chart)[0].livenessProbe.periodSeconds).toBe(30);
  });
});

describe('native sidecars (Kubernetes 1.29 or later)', () => {
  function nativeWeb() {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_30 });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    const workload = new StatelessWorkload(chart, 'Web', {
      identity,
      container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }], resources },
      initContainers: [{ name: 'migrate', image: IMAGE, resources }],
      sidecars: [{ name: 'proxy', image: ContainerImage.fromReference('registry.example.com/proxy:1.0.0'), ports: [{ name: 'proxy', number: 15001 }], resources }],
    });
    return { chart, workload };
  }

  test('a native sidecar takes probes, in its place among the init containers', () => {
    const { chart, workload } = nativeWeb();
    ContainerProbes.addTo(workload, { container: 'proxy', readiness: HealthProbe.tcp({ portName: 'proxy' }) });
    const pod = only(synth(chart), 'Deployment').spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['migrate', 'proxy']);
    expect(pod.initContainers[1]).toMatchObject({ restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 'proxy' } } });
    expect(pod.initContainers[0].readinessProbe).toBeUndefined();
  });

  test('an init container that runs to completion takes none', () => {
    const { workload } = nativeWeb();
    expect(() => ContainerProbes.addTo(workload, { container: 'migrate', readiness: HealthProbe.tcp() })).toThrow(
      'shop/Web: invalid probes.container "migrate": the pod has no container of that name that takes probes (the main container and the sidecars do, '
      + 'init containers do not). Expected one of web, proxy.');
  });
});

describe('refused', () => {
  test.each<[string, (w: StatelessWorkload) => ContainerProbesProps, RegExp]>([
    ['a probe on an undeclared port', () => ({ readiness: HealthProbe.httpGet('/ready', { portName: 'admin' }) }),
      /shop\/Web: invalid probes\.readiness\.portName "admin": the container declares no port of that name\. Expected one of its ports: http, grpc\./],
    ['a probe of a sidecar port on the main container', () => ({ readiness: HealthProbe.tcp({ portName: 'proxy' }) }),
      /invalid probes\.readiness\.portName "proxy": the container declares no port of that name/],
    ['a failure threshold of zero', () => ({ readiness: HealthProbe.tcp({ failureThreshold: 0 }) }),
      /shop\/Web: invalid probes\.readiness\.failureThreshold 0: it is below 1\. Expected a number of checks: an integer from 1 to 2147483647\./],
    ['a success threshold of zero', () => ({ readiness: HealthProbe.tcp({ successThreshold: 0 }) }),
      /invalid probes\.readiness\.successThreshold 0: it is below 1\. Expected a number of checks: an integer from 1 to 2147483647\./],
    ['a fractional threshold', () => ({ readiness: HealthProbe.tcp({ failureThreshold: 2.5 }) }), /invalid probes\.readiness\.failureThreshold 2\.5/],
    ['a liveness success threshold above 1', () => ({ liveness: HealthProbe.tcp({ successThreshold: 2 }) }),
      /invalid probes\.liveness\.successThreshold 2: liveness and startup probes succeed after one success\. Expected 1/],
    ['a period under a second', () => ({ readiness: HealthProbe.tcp({ period: Duration.millis(500) }) }), /invalid probes\.readiness\.period/],
    ['a timeout of zero', () => ({ readiness: HealthProbe.tcp({ timeout: Duration.seconds(0) }) }), /invalid probes\.readiness\.timeout/],
    ['a relative path', () => ({ readiness: HealthProbe.httpGet('ready') }), /invalid probes\.readiness\.path "ready": it does not start with "\/"/],
    ['the options in place of the path (an untyped caller)', () => ({ readiness: HealthProbe.httpGet({ path: '/healthz', portName: 'http' } as unknown as string) }),
      /^shop\/Web: invalid probes\.readiness\.path \{"path":"\/healthz","portName":"http"\}: it is an object, not a string\. Expected a path such as "\/healthz": HealthProbe\.httpGet\("\/healthz", \{ portName: "http" \}\)\.$/],
    ['an empty command', () => ({ liveness: HealthProbe.exec([]) }), /invalid probes\.liveness\.command \[\]: the command is empty/],
    ['an unknown container', () => ({ container: 'db', readiness: HealthProbe.tcp() }),
      /invalid probes\.container "db": the pod has no container of that name.*Expected one of web, proxy\./],
  ])('%s', (_what, make, message) => {
    const { workload } = web();
    expect(() => ContainerProbes.addTo(workload, make(workload))).toThrow(message);
  });

  test('a second readiness probe on the same container', () => {
    const { workload } = web();
    ContainerProbes.addTo(workload, { readiness: HealthProbe.tcp() });
    expect(() => ContainerProbes.addTo(workload, { readiness: HealthProbe.httpGet('/ready') })).toThrow(
      /shop\/Web: invalid probes\.readiness "http": the container web already has a readiness probe\. Expected one probe of each kind per container\./);
    // A probe of another kind, or of another container, is still welcome.
    expect(() => ContainerProbes.addTo(workload, { liveness: HealthProbe.exec(['true']) })).not.toThrow();
    expect(() => ContainerProbes.addTo(workload, { container: 'proxy', readiness: HealthProbe.tcp() })).not.toThrow();
  });

  test('a probe on a container without ports', () => {
    const { workload } = web([]);
    expect(() => ContainerProbes.addTo(workload, { readiness: HealthProbe.tcp() })).toThrow(
      /invalid probes\.readiness\.portName \(undefined\): the container declares no port\. Expected a probe of a declared container port, or HealthProbe\.exec\./);
  });
});

describe('refused: the exact errors', () => {
  const INT32 = 2 ** 31;
  const CHECKS = 'a number of checks: an integer from 1 to 2147483647';
  test.each<[string, () => ContainerProbesProps, string, unknown, string, string]>([
    ['a failure threshold above int32', () => ({ readiness: HealthProbe.tcp({ failureThreshold: INT32 }) }), 'probes.readiness.failureThreshold', INT32,
      'it is above 2147483647', CHECKS],
    ['a success threshold above int32', () => ({ readiness: HealthProbe.tcp({ successThreshold: INT32 }) }), 'probes.readiness.successThreshold', INT32,
      'it is above 2147483647', CHECKS],
    ['a period above int32 seconds', () => ({ readiness: HealthProbe.tcp({ period: Duration.seconds(INT32) }) }), 'probes.readiness.period', INT32,
      'it is above 2147483647', 'a duration in whole seconds from 1 to 2147483647'],
    ['a timeout of 100 years', () => ({ liveness: HealthProbe.tcp({ timeout: Duration.days(36500) }) }), 'probes.liveness.timeout', 3153600000,
      'it is above 2147483647', 'a duration in whole seconds from 1 to 2147483647'],
    ['an initial delay above int32 seconds', () => ({ startup: HealthProbe.tcp({ initialDelay: Duration.seconds(2 ** 63) }) }), 'probes.startup.initialDelay',
      2 ** 63, 'it is above 2147483647', 'a duration in whole seconds from 0 to 2147483647'],
    ['an initial delay of NaN seconds', () => ({ readiness: HealthProbe.tcp({ initialDelay: Duration.seconds(NaN) }) }), 'probes.readiness.initialDelay', NaN,
      'it is not a finite number', 'a duration in whole seconds from 0 to 2147483647'],
    ['a period of infinite seconds', () => ({ readiness: HealthProbe.tcp({ period: Duration.seconds(Infinity) }) }), 'probes.readiness.period', Infinity,
      'it is not a finite number', 'a duration in whole seconds from 1 to 2147483647'],
    ['a timeout of half a millisecond', () => ({ readiness: HealthProbe.tcp({ timeout: Duration.millis(0.5) }) }), 'probes.readiness.timeout', 0.0005,
      'it is not a whole number', 'a duration in whole seconds from 1 to 2147483647'],
    ['a NaN timing on a liveness beside a readiness (compared before they are checked)', () => ({
      readiness: HealthProbe.tcp(), liveness: HealthProbe.tcp({ period: Duration.seconds(NaN) }),
    }), 'probes.liveness.period', NaN, 'it is not a finite number', 'a duration in whole seconds from 1 to 2147483647'],
    ['an exec command that is a string', () => ({ liveness: HealthProbe.exec('pg_isready' as any) }), 'probes.liveness.command', 'pg_isready', 'it is not a list',
      'a command and its arguments as a list of strings, e.g. ["pg_isready", "-U", "postgres"]'],
    ['an exec command that is a number', () => ({ liveness: HealthProbe.exec(-1 as any) }), 'probes.liveness.command', -1, 'it is not a list',
      'a command and its arguments as a list of strings, e.g. ["pg_isready", "-U", "postgres"]'],
    ['an exec command that is null', () => ({ liveness: HealthProbe.exec(null as any) }), 'probes.liveness.command', null, 'it is not a list',
      'a command and its arguments as a list of strings, e.g. ["pg_isready", "-U", "postgres"]'],
    ['an exec command with an item that is not a string', () => ({ readiness: HealthProbe.exec(['check', 42 as any]) }), 'probes.readiness.command[1]', 42,
      'it is not a string', 'a command and its arguments as a list of strings, e.g. ["pg_isready", "-U", "postgres"]'],
    ['an empty exec command', () => ({ liveness: HealthProbe.exec([]) }), 'probes.liveness.command', [], 'the command is empty',
      'a command and its arguments as a list of strings, e.g. ["pg_isready", "-U", "postgres"]'],
  ])('%s', (_what, make, prop, value, problem, accepted) => {
    const { workload } = web();
    expect(refusalOf(() => ContainerProbes.addTo(workload, make()))).toMatchObject({ constructPath: 'shop/Web', prop, value, problem, accepted });
  });

  test('a slowStart above int32 seconds (its startup probe\'s failureThreshold is derived from it)', () => {
    const { workload } = web();
    expect(refusalOf(() => ContainerProbes.defaults(workload, { slowStart: Duration.seconds(INT32) }))).toMatchObject({
      constructPath: 'shop/Web', prop: 'probes.slowStart', value: INT32, problem: 'it is above 2147483647', accepted: 'a duration in whole seconds from 10 to 2147483647',
    });
  });

  test('the longest slowStart gives a failureThreshold within int32', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, ContainerProbes.defaults(workload, { slowStart: Duration.seconds(2147483647) }));
    expect(containers(chart)[0].startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 214748365 });
  });
});

describe('HTTP header names (the characters of an RFC 7230 token that Kubernetes accepts: letters, digits and "-")', () => {
  test.each(['X Probe', 'X_Probe', 'X-Probe:', 'X.Probe', '', 'Ünicode'])('%j is refused', (name) => {
    const { workload } = web();
    const error = refusalOf(() => ContainerProbes.addTo(workload, { readiness: HealthProbe.httpGet('/ready', { headers: { [name]: 'kubelet' } }) }));
    expect(error).toMatchObject({ constructPath: 'shop/Web', prop: 'probes.readiness.headers', value: name });
    expect(error.message).toMatch(/in a header name\. Expected an HTTP header name: letters, digits and "-" \(e\.g\. "X-Forwarded-Proto"\)/);
  });

  test('names Kubernetes accepts are kept as they are', () => {
    const { chart, workload } = web();
    ContainerProbes.addTo(workload, { readiness: HealthProbe.httpGet('/ready', { headers: { 'Host': 'shop.example.com', 'x-b3-sampled': '0' } }) });
    expect(containers(chart)[0].readinessProbe.httpGet.httpHeaders).toEqual([{ name: 'Host', value: 'shop.example.com' }, { name: 'x-b3-sampled', value: '0' }]);
  });

  test('a value that is not a string, and headers that are not a map, are refused', () => {
    expect(refusalOf(() => ContainerProbes.addTo(web().workload, { readiness: HealthProbe.httpGet('/ready', { headers: { 'X-Probe': 1 as any } }) })))
      .toMatchObject({ prop: 'probes.readiness.headers["X-Probe"]', value: 1, problem: 'it is a number, not a string' });
    expect(() => ContainerProbes.addTo(web().workload, { readiness: HealthProbe.httpGet('/ready', { headers: 'X-Probe: 1' as any }) }))
      .toThrow(/^shop\/Web: invalid probes\.readiness\.headers "X-Probe: 1": it is a string, not an object\. Expected a map of header names to values/);
  });
});

describe('untyped JavaScript input: an input error, never a TypeError', () => {
  test.each<[string, () => any, RegExp]>([
    ['probes that are null', () => null, /^shop\/Web: invalid probes null: it is null, not an object\. Expected the probes of a container/],
    ['probes that are a string', () => 'tcp', /^shop\/Web: invalid probes "tcp": it is a string, not an object\./],
    ['a readiness that is not a HealthProbe', () => ({ readiness: { path: '/ready' } }), /^shop\/Web: invalid probes\.readiness \{"path":"\/ready"\}: it is not a HealthProbe\. Expected a HealthProbe/],
    ['options of httpGet that are null', () => ({ readiness: HealthProbe.httpGet('/ready', null as any) }),
      /^shop\/Web: invalid probes\.readiness null: the options of the http probe are null, not an object\./],
    ['options of tcp that are a string', () => ({ liveness: HealthProbe.tcp('http' as any) }),
      /^shop\/Web: invalid probes\.liveness "http": the options of the tcp probe are a string, not an object\./],
    ['options of exec that are a list, kept by withTiming', () => ({ startup: HealthProbe.exec(['true'], [] as any).withTiming({ period: Duration.seconds(5) }) }),
      /^shop\/Web: invalid probes\.startup \[\]: the options of the exec probe are a list, not an object\./],
    ['a timing that is null', () => ({ startup: HealthProbe.grpc({ portName: 'grpc' }).withTiming(null as any) }),
      /^shop\/Web: invalid probes\.startup null: the options of the grpc probe are null, not an object\./],
  ])('%s', (_what, make, message) => {
    const { workload } = web();
    expect(() => ContainerProbes.addTo(workload, make())).toThrow(message);
  });

  test('options of the default probes that are not an object', () => {
    expect(() => ContainerProbes.defaults(web().workload, null as any))
      .toThrow(/^shop\/Web: invalid defaultProbes null: it is null, not an object\. Expected the options of the default probes/);
  });
});
