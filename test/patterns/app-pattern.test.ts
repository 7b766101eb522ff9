/**
 * The refusals of AppPattern, the base of every pattern: the namespace of the chart, the shapes of the props of
 * untyped JavaScript callers, and the length of the application's name against the objects named after it.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AccessGrant, AppPatternProps, BatchJob, BlueGreenTrack, CanaryTraffic, ContainerImage, CronSchedule, ExternalSecretSource, MonitoringMode,
  MonitoringPart, NodeDaemon, PlatformDefaults, PublishMode, ReleaseStrategy, RolloutStrategy, ScheduledJob, SecretStoreRef, StatefulService,
  SecurityRelaxation, WebService, WorkloadIdentity,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { synth } from '../support/synth';

const NGINX = ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine');
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };

function shop(defaults?: Record<string, unknown>, namespace: string = 'shop'): Chart {
  const app = Testing.app();
  if (defaults) {
    PlatformDefaults.set(app, defaults);
  }
  return new Chart(app, 'shop', { namespace });
}

function web(props: Record<string, unknown>, chart: Chart = shop()): WebService {
  return new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, ...props } as AppPatternProps);
}

describe('the namespace of the chart', () => {
  test.each([{}, { createNamespace: true }])('a chart namespace that is not a DNS-1123 label is refused at the chart, %j', (props) => {
    const error = refusalOf(() => web(props, shop(undefined, 'Shop_1')));
    expect(error).toMatchObject({ constructPath: 'shop', prop: 'namespace', value: 'Shop_1' });
    expect(error.message).toMatch(/^shop: invalid namespace "Shop_1": it contains "_" and uppercase letters, which are not allowed \(it is the namespace of the application web at shop\/Web\/Identity\)\. Expected a namespace name, a DNS-1123 label: /);
  });
});

describe('untyped JavaScript input: an input error against the prop written, never a TypeError', () => {
  test.each<[string, Record<string, unknown>, string, string]>([
    ['ports as a string', { port: undefined, ports: 'http' }, 'ports', 'it is a string, not a list'],
    ['port as a string', { port: '8080' }, 'port', 'it is not a finite number'],
    ['port out of range', { port: 70000 }, 'port', 'it is above 65535'],
    ['ports as an object', { port: undefined, ports: { name: 'http', number: 8080 } }, 'ports', 'it is an object, not a list'],
    ['a port that is null', { port: undefined, ports: [null] }, 'ports[0]', 'it is null, not an object'],
    ['command as a string', { command: 'nginx' }, 'command', 'it is a string, not a list'],
    ['args as a string', { args: '-g daemon off;' }, 'args', 'it is a string, not a list'],
    ['envFrom as a string', { envFrom: 'config' }, 'envFrom', 'it is a string, not a list'],
    ['an envFrom item that is not an EnvFrom', { envFrom: [{ secret: 'db' }] }, 'envFrom[0]', 'it is not a kplus.EnvFrom'],
    ['env as a string', { env: 'LOG_LEVEL=info' }, 'env', 'it is a string, not an object'],
    ['env as a list', { env: ['LOG_LEVEL'] }, 'env', 'it is a list, not an object'],
    ['an env value that is a number', { env: { PORT: 8080 } }, 'env["PORT"]', 'it is a number, not an EnvValue or a string'],
    ['an env value that is a boolean', { env: { DEBUG: true } }, 'env["DEBUG"]', 'it is a boolean, not an EnvValue or a string'],
    ['an env value that is an object', { env: { MODE: { value: 'web' } } }, 'env["MODE"]', 'it is an object, not an EnvValue or a string'],
    ['resources that are null', { resources: null }, 'resources', 'it is null, not an object'],
    ['sidecars as an object', { sidecars: {} }, 'sidecars', 'it is an object, not a list'],
    ['initContainers as a string', { initContainers: 'migrate' }, 'initContainers', 'it is a string, not a list'],
    ['relax as a string', { relax: 'run-as-root' }, 'relax', 'it is a string, not a list'],
    ['tolerations as an object', { tolerations: { key: 'dedicated' } }, 'tolerations', 'it is an object, not a list'],
    ['podAnnotations as a list', { podAnnotations: ['team'] }, 'podAnnotations', 'it is a list, not an object'],
    ['nodeSelector as a string', { nodeSelector: 'amd64' }, 'nodeSelector', 'it is a string, not an object'],
    ['a serviceAccount that is a string', { serviceAccount: 'shop-api' }, 'serviceAccount', 'it is not a ServiceAccount (an object with a name)'],
    ['scratch as an object', { scratch: { name: 'cache', mountPath: '/cache' } }, 'scratch', 'it is an object, not a list'],
    ['a scratch directory without a name', { scratch: [{ mountPath: '/cache' }] }, 'scratch[0].name', 'it is undefined, not a string'],
    ['claims as a string', { claims: 'x' }, 'claims', 'it is a string, not a list'],
    ['a claim that is null', { claims: [null] }, 'claims[0]', 'it is null, not an object'],
    ['connections as a string', { connections: 'db' }, 'connections', 'it is a string, not a list'],
    ['monitoring that is null', { monitoring: null }, 'monitoring', 'it is null, not an object'],
    ['spread as a string', { spread: 'zones' }, 'spread', 'it is a string, not a list'],
    ['servicePorts as an object', { servicePorts: {} }, 'servicePorts', 'it is an object, not a list'],
    ['publish as a string', { publish: 'shop.example.com' }, 'publish', 'it is a string, not an object'],
    ['publish.hosts as a string', { publish: { hosts: 'shop.example.com' } }, 'publish.hosts', 'it is a string, not a list'],
    ['publish.paths as a string', { publish: { hosts: ['shop.example.com'], paths: '/' } }, 'publish.paths', 'it is a string, not a list'],
    ['podLabels as a list', { podLabels: ['team'] }, 'podLabels', 'it is a list, not an object'],
    ['networkPolicy as a string (it would read as true)', { networkPolicy: 'off' }, 'networkPolicy', 'it is a string, not a boolean'],
    ['monitor as a number', { monitor: 0 }, 'monitor', 'it is a number, not a boolean'],
    ['createNamespace as a string', { createNamespace: 'yes' }, 'createNamespace', 'it is a string, not a boolean'],
    ['publish.annotations as a list', { publish: { hosts: ['shop.example.com'], annotations: ['x'] } }, 'publish.annotations', 'it is a list, not an object'],
    ['an annotation of publish that is a number', { publish: { hosts: ['shop.example.com'], annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': 10 } } },
      'publish.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]', 'it is a number, not a string'],
  ])('%s', (_what, props, prop, problem) => {
    const error = refusalOf(() => web(props));
    expect(error).toMatchObject({ constructPath: 'shop/Web', prop, problem });
    expect(error.message).toMatch(new RegExp(`^shop/Web: invalid ${prop.replace(/[.[\]]/g, '\\$&')} .*: ${problem.replace(/[()]/g, '\\$&')}\\. Expected `));
  });

  test('an envFrom item that is a secret source, a Secret or a ConfigMap: refused with the EnvFrom to give instead, never a TypeError at synth', () => {
    const chart = shop();
    const db = new ExternalSecretSource(chart, 'Db', { name: 'shop-db', store: SecretStoreRef.cluster('vault'), keys: [{ key: 'password', remoteKey: 'shop/db' }] });
    const accepted = (item: unknown, c = chart) => refusalOf(() => web({ envFrom: [kplus.Env.fromSecret(db.secret), item] }, c));
    expect(accepted(db)).toMatchObject({
      constructPath: 'shop/Web',
      prop: 'envFrom[1]',
      problem: 'it is not a kplus.EnvFrom',
      accepted: 'the EnvFrom of every key of the source: source.envFrom() (or source.envFrom({ prefix: "DB_" }))',
    });
    expect(accepted(db.secret, shop()).accepted).toBe('the EnvFrom of every key of the Secret: kplus.Env.fromSecret(secret)');
    const other = shop();
    expect(accepted(kplus.ConfigMap.fromConfigMapName(other, 'Flags', 'flags'), other).accepted).toBe('the EnvFrom of every key of the ConfigMap: kplus.Env.fromConfigMap(configMap)');
    expect(accepted(db.envValue('password'), shop()).accepted).toMatch(/^a kplus\.EnvFrom: .*; one variable from a key goes in `env`$/);
  });

  test('a pattern given as a connection, without { to }: refused as such, not as a missing `to`', () => {
    const chart = shop();
    const db = new StatefulService(chart, 'Db', { name: 'db', image: NGINX, port: 5432, resources });
    const error = refusalOf(() => web({ connections: [db] }, chart));
    expect(error).toMatchObject({
      constructPath: 'shop/Web', prop: 'connections[0]', problem: 'it is an application pattern, not a connection', accepted: 'a connection to it: { to: db }',
    });
    expect(error.message).toMatch(/^shop\/Web: invalid connections\[0\] StatefulService shop\/Db: /);
  });

  test('a ServiceAccount whose name is not a DNS-1123 subdomain', () => {
    const chart = shop();
    const serviceAccount = kplus.ServiceAccount.fromServiceAccountName(chart, 'Account', 'Shop_API');
    expect(refusalOf(() => web({ serviceAccount }, chart))).toMatchObject({ constructPath: 'shop/Web', prop: 'serviceAccount.name', value: 'Shop_API' });
  });

  test('refusals of what a pattern makes name the item written, at the pattern: hostPaths, access', () => {
    const agent = (hostPaths: unknown, relax = [SecurityRelaxation.HOST_PATH]) => refusalOf(() => new NodeDaemon(shop(), 'Agent', {
      name: 'agent', image: NGINX, resources, relax, hostPaths,
    } as any));
    // The node's root mounted at the container's root (the mount path is the hostPath unless given).
    expect(agent([{ name: 'root', hostPath: '/' }])).toMatchObject({
      constructPath: 'shop/Agent', prop: 'hostPaths[0].mountPath (by default its hostPath)', value: '/', problem: 'it is not an absolute path below the root',
    });
    expect(agent([{ name: 'root', hostPath: '/', mountPath: '/' }])).toMatchObject({ prop: 'hostPaths[0].mountPath' });
    expect(agent([{ name: 'proc', hostPath: '/proc' }], [])).toMatchObject({ constructPath: 'shop/Agent', prop: 'hostPaths[0]', value: '/proc' });
    expect(agent([{ name: 'logs', hostPath: 'var/log', mountPath: '/var/log' }])).toMatchObject({ prop: 'hostPaths[0].hostPath', value: 'var/log' });
    expect(refusalOf(() => web({ access: { grants: [AccessGrant.allow(['*'], kplus.ApiResource.PODS)] } }))).toMatchObject({
      constructPath: 'shop/Web', prop: 'access.grants[0].verbs', value: ['*'],
    });
    expect(refusalOf(() => web({ access: { name: 'Web' } }))).toMatchObject({ constructPath: 'shop/Web', prop: 'access.name', value: 'Web' });
  });

  test('the lists of the other patterns', () => {
    expect(refusalOf(() => new StatefulService(shop(), 'Db', { name: 'db', image: NGINX, port: 5432, resources, replicaStorage: 'data' } as any)))
      .toMatchObject({ constructPath: 'shop/Db', prop: 'replicaStorage', problem: 'it is a string, not a list' });
    expect(refusalOf(() => new NodeDaemon(shop(), 'Agent', { name: 'agent', image: NGINX, resources, hostPaths: {} } as any)))
      .toMatchObject({ constructPath: 'shop/Agent', prop: 'hostPaths', problem: 'it is an object, not a list' });
    expect(refusalOf(() => new BatchJob(shop(), 'Job', { name: 'job', image: NGINX, resources, sidecars: 'x' } as any)))
      .toMatchObject({ constructPath: 'shop/Job', prop: 'sidecars', problem: 'it is a string, not a list' });
    // `path` for `mountPath`: refused against the item, never a TypeError.
    expect(refusalOf(() => new StatefulService(shop(), 'Db', {
      name: 'db', image: NGINX, port: 5432, resources, replicaStorage: [{ name: 'data', path: '/var/lib/db', size: Size.gibibytes(1) }],
    } as any))).toMatchObject({ constructPath: 'shop/Db', prop: 'replicaStorage[0].mountPath', problem: 'it is undefined, not a string' });
  });

  // What the workload, the claim and the mount refuse is reported against the item of the pattern's props that holds it.
  test.each<[string, () => unknown, string, string, unknown, string]>([
    ['a scratch directory at /tmp, which the read-only root filesystem gets already',
      () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, scratch: [{ name: 'scratch', mountPath: '/tmp' }] }),
      'shop/Web', 'scratch[0].mountPath', '/tmp', 'the container "web" already mounts the volume "tmp" there (the writable /tmp that a read-only root filesystem gets)'],
    ['a scratch directory of a fractional size',
      () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, scratch: [{ name: 'cache', mountPath: '/cache', sizeLimit: Size.kibibytes(1536) }] }),
      'shop/Web', 'scratch[0].sizeLimit', '1536Ki', 'it is not a whole number of mebibytes (cdk8s-plus-34 writes it in Mi)'],
    ['a ReadWriteOnce claim on three replicas',
      () => new StatefulService(shop(), 'Db', { name: 'db', image: NGINX, port: 5432, resources, replicas: 3, claims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1) }] }),
      // A StatefulSet replaces its pods one at a time: only its replicas run on several nodes (no Deployment's strategy to offer).
      'shop/Db', 'claims[0].accessModes', 'ReadWriteOnce', 'the claim can be attached by one node at a time, and the pods of this workload can run on several nodes '
      + '(more than one replica): all but the first would hang'],
    ['a claim of half a gibibyte',
      () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, claims: [{ name: 'data', mountPath: '/data', size: Size.mebibytes(512) }] }),
      'shop/Web', 'claims[0].size', '512Mi', 'it is not a whole number of gibibytes above zero (cdk8s-plus-34 writes it in Gi)'],
    ['two replica storages at one path',
      () => new StatefulService(shop(), 'Db', {
        name: 'db',
        image: NGINX,
        port: 5432,
        resources,
        replicaStorage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1) }, { name: 'wal', mountPath: '/data', size: Size.gibibytes(1) }],
      }),
      'shop/Db', 'replicaStorage[1].mountPath', '/data', 'the container "db" already mounts the volume "data" there'],
    ['replica storage of a storage class that is no name',
      () => new StatefulService(shop(), 'Db', { name: 'db', image: NGINX, port: 5432, resources, replicaStorage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1), storageClassName: 'Fast SSD' }] }),
      'shop/Db', 'replicaStorage[0].storageClassName', 'Fast SSD', 'it contains " " and uppercase letters, which are not allowed'],
    ['replica storage named twice',
      () => new StatefulService(shop(), 'Db', {
        name: 'db',
        image: NGINX,
        port: 5432,
        resources,
        replicaStorage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1) }, { name: 'data', mountPath: '/wal', size: Size.gibibytes(1) }],
      }),
      'shop/Db', 'replicaStorage[1].name', 'data', 'another claim template of this workload has the same name'],
    ['a memory request above the limit, which the workload refuses',
      () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources: { memoryRequest: Size.gibibytes(2), memoryLimit: Size.mebibytes(512) } }),
      'shop/Web', 'resources.memoryRequest', '2Gi', 'it is above the memory limit'],
    ['a toleration the workload refuses', () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, tolerations: [{ key: 'k', operator: 'exists' }] }),
      'shop/Web', 'tolerations[0].operator', 'exists', 'it is not a toleration operator'],
    // What the Ingress or the route refuses of a path, a host or a port is reported against publish, as written.
    ['a glob as a path of publish (an Ingress)',
      () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, publish: { hosts: ['shop.example.com'], paths: ['/', '/api/*'] } }),
      'shop/Web', 'publish.paths[1]', '/api/*', 'it reads as a pattern ("*"), but a Prefix path matches literally'],
    ['a regular expression as a path of publish (an HTTPRoute)',
      () => new WebService(shop(), 'Web', {
        name: 'web',
        image: NGINX,
        port: 8080,
        resources,
        publish: { hosts: ['shop.example.com'], paths: ['/api/(.*)'], mode: PublishMode.GATEWAY_ROUTE, gateway: { name: 'public', namespace: 'gateways' } },
      }),
      'shop/Web', 'publish.paths[0]', '/api/(.*)', 'it reads as a pattern ("*"), but a PathPrefix path matches literally'],
    ['a path that ingress-nginx refuses',
      () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, publish: { hosts: ['shop.example.com'], paths: ['/~admin'], ingressClassName: 'nginx' } }),
      'shop/Web', 'publish.paths[0]', '/~admin', 'ingress-nginx refuses it'],
    ['a host of publish named twice (an Ingress)',
      () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, publish: { hosts: ['shop.example.com', 'shop.example.com'] } }),
      'shop/Web', 'publish.hosts[1]', 'shop.example.com', 'has the same host'],
    ['a host of publish named twice (an HTTPRoute)',
      () => new WebService(shop(), 'Web', {
        name: 'web',
        image: NGINX,
        port: 8080,
        resources,
        publish: { hosts: ['shop.example.com', 'shop.example.com'], mode: PublishMode.GATEWAY_ROUTE, gateway: { name: 'public', namespace: 'gateways' } },
      }),
      'shop/Web', 'publish.hosts[1]', 'shop.example.com', 'is the same host name'],
  ])('%s: refused against the item', (_, make, constructPath, prop, value, problem) => {
    expect(refusalOf(make)).toMatchObject({ constructPath, prop, value, problem: expect.stringContaining(problem) });
  });

  // Typed code gets a compile error for these; an untyped caller would see them dropped.
  test.each<[string, () => unknown, string, string]>([
    ['replica for replicas', () => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, replica: 5 } as any),
      'shop/Web', 'invalid replica 5: it is not a prop of WebServiceProps (did you mean replicas?)'],
    ['timezone for timeZone', () => new ScheduledJob(shop(), 'Job', {
      name: 'job', image: NGINX, resources, schedule: CronSchedule.daily(), timezone: 'Europe/Berlin',
    } as any), 'shop/Job', 'invalid timezone "Europe/Berlin": it is not a prop of ScheduledJobProps (did you mean timeZone?)'],
    ['backOffLimit for backoffLimit', () => new BatchJob(shop(), 'Job', { name: 'job', image: NGINX, resources, backOffLimit: 1 } as any),
      'shop/Job', 'invalid backOffLimit 1: it is not a prop of BatchJobProps (did you mean backoffLimit?)'],
    ['tolerateAllTaint for tolerateAllTaints', () => new NodeDaemon(shop(), 'Agent', { name: 'agent', image: NGINX, resources, tolerateAllTaint: true } as any),
      'shop/Agent', 'invalid tolerateAllTaint true: it is not a prop of NodeDaemonProps (did you mean tolerateAllTaints?)'],
    ['replicastorage for replicaStorage', () => new StatefulService(shop(), 'Db', { name: 'db', image: NGINX, port: 5432, resources, replicastorage: [] } as any),
      'shop/Db', 'invalid replicastorage []: it is not a prop of StatefulServiceProps (did you mean replicaStorage?)'],
    // One level down, in the options users write most: the whole host would be published, and nothing scraped.
    ['publish.path for publish.paths', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, publish: { hosts: ['shop.example.com'], path: '/api' },
    } as any), 'shop/Web', 'invalid publish.path "/api": it is not a prop of AppPublicationOptions (did you mean paths?)'],
    ['monitoring.metric for monitoring.metrics', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { metric: { portName: 'http' } },
    } as any), 'shop/Web', 'invalid monitoring.metric {"portName":"http"}: it is not a prop of AppMonitoringOptions (did you mean metrics?)'],
    ['access.grant for access.grants', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, access: { grant: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'web-flags')] },
    } as any), 'shop/Web', 'invalid access.grant ["AccessGrant.readNamed(configmaps, \\"web-flags\\")"]: it is not a prop of AppServiceAccountOptions (did you mean grants?)'],
    ['access.automountTokens for access.automountToken', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, access: { automountTokens: true },
    } as any), 'shop/Web', 'invalid access.automountTokens true: it is not a prop of AppServiceAccountOptions (did you mean automountToken?)'],
    // Deeper: the options of the props, and the items of their lists.
    ['resources.memoryLimits for memoryLimit (the pod would have no memory limit)', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources: { cpuRequest: kplus.Cpu.millis(100), memoryLimits: Size.mebibytes(128) },
    } as any), 'shop/Web', ': it is not a prop of AppContainerResources (did you mean memoryLimit?)'],
    ['monitoring.defaultProbes.readinesPath for readinessPath', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { defaultProbes: { readinesPath: '/ready' } },
    } as any), 'shop/Web', 'invalid monitoring.defaultProbes.readinesPath "/ready": it is not a prop of DefaultProbesOptions (did you mean readinessPath?)'],
    ['monitoring.metrics.portname for portName', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { metrics: { portname: 'http' } },
    } as any), 'shop/Web', 'invalid monitoring.metrics.portname "http": it is not a prop of AppMetricsOptions (did you mean portName?)'],
    ['connections[0].envprefix for envPrefix', () => {
      const chart = shop();
      const db = new StatefulService(chart, 'Db', { name: 'db', image: NGINX, port: 5432, resources });
      return new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: db, envprefix: 'DB' }] } as any);
    }, 'shop/Web', 'invalid connections[0].envprefix "DB": it is not a prop of AppConnection (did you mean envPrefix?)'],
    ['connections[0].port for portName (a port is named: the option would be dropped, and the first port wired)', () => {
      const chart = shop();
      const db = new StatefulService(chart, 'Db', { name: 'db', image: NGINX, port: 5432, resources });
      return new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: db, port: 'postgres' }] } as any);
    }, 'shop/Web', 'invalid connections[0].port "postgres": it is not a prop of AppConnection (did you mean portName?)'],
    ['monitoring.metrics.port for portName', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { metrics: { port: 'metrics' } },
    } as any), 'shop/Web', 'invalid monitoring.metrics.port "metrics": it is not a prop of AppMetricsOptions (did you mean portName?)'],
    ['autoscaling.cpuUtilisation for cpuUtilization (the autoscaler kept the default 70%)', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilisation: 50 },
    } as any), 'shop/Web', 'invalid autoscaling.cpuUtilisation 50: it is not a prop of AutoscalingProps (did you mean cpuUtilization?)'],
    ['monitoring.alerts.thresholds.restart for restarts', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { alerts: { thresholds: { restart: 5 } } },
    } as any), 'shop/Web', 'invalid monitoring.alerts.thresholds.restart 5: it is not a prop of AlertThresholds (did you mean restarts?)'],
    ['monitoring.alerts.severity for severities', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { alerts: { severitie: {} } },
    } as any), 'shop/Web', 'invalid monitoring.alerts.severitie {}: it is not a prop of AlertRulesOptions (did you mean severities?)'],
    ['monitoring.logs.hint for hints', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { logs: { hint: { parser: 'json' } } },
    } as any), 'shop/Web', 'invalid monitoring.logs.hint {"parser":"json"}: it is not a prop of AppLogOptions (did you mean hints?)'],
    ['replicaStorage[1].storageclass for storageClassName', () => new StatefulService(shop(), 'Db', {
      name: 'db',
      image: NGINX,
      port: 5432,
      resources,
      replicaStorage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1) }, { name: 'wal', mountPath: '/wal', size: Size.gibibytes(1), storageClasName: 'fast' }],
    } as any), 'shop/Db', 'invalid replicaStorage[1].storageClasName "fast": it is not a prop of ClaimMount (did you mean storageClassName?)'],
    ['sidecars[0].port for ports', () => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, sidecars: [{ name: 'exporter', image: NGINX, port: 9000 }],
    } as any), 'shop/Web', 'invalid sidecars[0].port 9000: it is not a prop of AppContainerProps (did you mean ports?)'],
  ])('a misspelt prop is refused: %s', (_, make, constructPath, message) => {
    expect(refusalOf(make)).toMatchObject({ constructPath, message: expect.stringContaining(message) });
    expect(refusalOf(make).accepted).toMatch(/; a prop of your own for something else: leave it out of the props you pass$/);
  });

  test('a shared ReadWriteOnce claim on a StatefulService of three replicas: the fixes are a StatefulSet\'s, not a Deployment\'s strategy', () => {
    expect(refusalOf(() => new StatefulService(shop(), 'Db', {
      name: 'db', image: NGINX, port: 5432, resources, replicas: 3, claims: [{ name: 'backup', mountPath: '/backup', size: Size.gibibytes(10) }],
    })).accepted).toBe('a ReadWriteMany claim, storage per replica (replicaStorage, or ReplicaStorage on the StatefulWorkload), or one replica, '
      + 'or `acknowledgeSingleNode: true` when the pods are kept on one node');
  });

  test('a refusal of the alert rules names the option written, at the pattern (not thresholds.unavailableFor at shop/Web/Monitoring/Alerts)', () => {
    expect(refusalOf(() => new WebService(shop(), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, monitoring: { alerts: { thresholds: { unavailableFor: '15m' as any } } },
    }))).toMatchObject({ constructPath: 'shop/Web', prop: 'monitoring.alerts.thresholds.unavailableFor', value: '15m', problem: 'it is not a Duration' });
  });

  test('a WebService without a port is refused against `port`, not the `ports` of its Service at shop/Web/Release/Service', () => {
    expect(refusalOf(() => new WebService(shop(), 'Web', { name: 'web', image: NGINX, resources } as any)).message).toBe('shop/Web: invalid port (undefined): '
      + 'the application has no port for its Service: no `port`, no named container port in `ports`, and no `servicePorts`. Expected the port the '
      + 'container serves on, e.g. `port: 8080` (named "http"), or `ports: [{ name: "http", number: 8080 }]`.');
  });

  test('a refusal of the monitoring names the option written, at the pattern (not the scrape\'s own portName at shop/Web/Monitoring/Metrics)', () => {
    expect(refusalOf(() => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, monitoring: { metrics: {} } as any })))
      .toMatchObject({ constructPath: 'shop/Web', prop: 'monitoring.metrics.portName', value: undefined });
    expect(refusalOf(() => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, monitoring: { metrics: { portName: 'prom' } } })).message)
      .toMatch(/^shop\/Web: invalid monitoring\.metrics\.portName "prom": /);
  });

  test('a prop of a wrapper\'s own, not close to one of the pattern\'s, is left alone; so is a near name when the real one is given', () => {
    expect(() => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, team: 'shop', costCenter: 'c-42' } as any)).not.toThrow();
    expect(() => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, replicas: 3, replica: 'x' } as any)).not.toThrow();
  });

  test('a scratch directory at /tmp: the error says how to mount one of your own there', () => {
    expect(refusalOf(() => new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources, scratch: [{ name: 'scratch', mountPath: '/tmp' }] })).accepted)
      .toBe('a mount path used once in each container, or `tmpVolume: false` on the workload (or the pattern) to mount a volume of your own at /tmp');
    const chart = shop();
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, tmpVolume: false, scratch: [{ name: 'scratch', mountPath: '/tmp' }] });
    const pod = synth(chart).find((m) => m.kind === 'Deployment').spec.template.spec;
    expect([pod.volumes.map((v: any) => v.name), pod.containers[0].volumeMounts]).toEqual([['scratch'], [{ mountPath: '/tmp', name: 'scratch' }]]);
  });

  test.each<[string, unknown, string, string]>([
    ['a StorageVolume in place of a Volume', { volume: 'scratch' }, 'volumeMounts[0].volume', 'it is not a Volume of cdk8s-plus-34'],
    ['a mount without a path', undefined, 'volumeMounts[0].path', 'it is undefined, not a string'],
    ['a relative path', 'data', 'volumeMounts[0].path', 'it is not an absolute path below the root'],
    ['the root', '/', 'volumeMounts[0].path', 'it is not an absolute path below the root'],
  ])('a volume mount of an untyped caller: %s, refused before synth', (_what, given, prop, problem) => {
    const chart = shop();
    const cache = kplus.Volume.fromEmptyDir(chart, 'Cache', 'cache');
    const mount = typeof given === 'object' && given !== null ? { ...given, path: '/cache' } : { volume: cache, path: given };
    expect(refusalOf(() => web({ volumes: [cache], volumeMounts: [mount] }, chart))).toMatchObject({ constructPath: 'shop/Web', prop, problem });
  });

  test('a string env value is a literal value', () => {
    const chart = shop();
    web({ env: { LOG_LEVEL: 'debug' }, monitor: false }, chart);
    const deployment = synth(chart).find((m) => m.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
  });
});

/** A name of `length` characters that is a valid DNS-1035 label. */
function nameOf(length: number): string {
  return `a${'b'.repeat(length - 1)}`;
}

describe('the length of the name: the objects named after the application limit it, and a name too long is refused against `name`', () => {
  type Make = (chart: Chart, name: string) => void;
  const withWeb = (props: Record<string, unknown>): Make => (chart, name) => web({ ...props, name }, chart);
  const BLACKBOX = { blackboxExporterAddress: 'blackbox-exporter.monitoring.svc:9115', monitoringNamespace: 'monitoring' };
  test.each<[string, Make, number, string, Record<string, unknown> | undefined]>([
    ['a web service, monitored (the dashboard)', withWeb({}), 53, 'dashboard ConfigMap', undefined],
    ['the dashboard named otherwise: the alerts', withWeb({ monitoring: { dashboard: { name: 'web-board' } } }), 56, 'PrometheusRule of the alerts', undefined],
    ['no dashboard, no alerts, the black-box checks: the Service\'s', withWeb({ monitoring: { switchOff: [MonitoringPart.DASHBOARD, MonitoringPart.ALERTS] } }), 55,
      'black-box Probe of the Service', BLACKBOX],
    ['no dashboard, no alerts, no operator', withWeb({ monitoring: { switchOff: [MonitoringPart.DASHBOARD] } }), 63, 'Service', { monitoringMode: MonitoringMode.ANNOTATIONS }],
    ['not monitored', withWeb({ monitor: false }), 63, 'Service', undefined],
    ['a blue/green release', withWeb({ monitor: false, release: ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE }) }), 55, 'preview Service of the idle track', undefined],
    ['a canary', withWeb({ monitor: false, release: ReleaseStrategy.canary({ image: NGINX, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }) }), 56,
      'Deployment (and Service) of the canary track', { gateway: { name: 'public', namespace: 'gateways' } }],
    ['a claim', withWeb({ monitor: false, replicas: 1, strategy: RolloutStrategy.recreate(), claims: [{ name: 'uploads', mountPath: '/srv/uploads', size: Size.gibibytes(1) }] }), 55,
      'PersistentVolumeClaim of claims[0]', undefined],
    ['a StatefulService', (chart, name) => new StatefulService(chart, 'Web', { name, image: NGINX, port: 5432, resources, monitor: false }), 52, 'StatefulSet', undefined],
    ['a ScheduledJob', (chart, name) => new ScheduledJob(chart, 'Web', { name, image: NGINX, resources, monitor: false, schedule: CronSchedule.daily() }), 52, 'CronJob', undefined],
    ['a NodeDaemon, not monitored', (chart, name) => new NodeDaemon(chart, 'Web', { name, image: NGINX, resources, monitor: false }), 63, 'Service', undefined],
  ])('%s: at most %d characters', (_what, make, longest, object, defaults) => {
    // The longest name fits: every object the pattern makes is valid (the strict validator reads them).
    const chart = shop(defaults);
    make(chart, nameOf(longest));
    expect(() => synth(chart)).not.toThrow();
    // One more is refused at the pattern, against `name`, naming the object and the limit.
    const error = refusalOf(() => make(shop(defaults), nameOf(longest + 1)));
    expect(error).toMatchObject({ constructPath: 'shop/Web', prop: 'name', value: nameOf(longest + 1) });
    if (longest < 63) {
      expect(error.problem).toMatch(new RegExp(`^it is ${longest + 1} characters long, (and the ${object.replace(/[()[\]]/g, '\\$&')} .* would be \\d+, )?more than the (63|52) of `));
      expect(error.accepted).toMatch(new RegExp(`^an application name of at most ${longest} characters \\(its ${object.replace(/[()[\]]/g, '\\$&')} is named "<name>`));
    } else {
      expect(error.accepted).toMatch(/^a DNS-1035 label: at most 63 characters/);
    }
  });

  test('the message says one limit for each thing: the object\'s and the name\'s', () => {
    expect(() => web({ name: nameOf(54) })).toThrow(`shop/Web: invalid name "${nameOf(54)}": it is 54 characters long, and the dashboard ConfigMap `
      + '"abbbbbbbbbbb…-dashboard" made from it would be 64, more than the 63 of a DNS-1123 subdomain part (a name without a dot). Expected an application '
      + 'name of at most 53 characters (its dashboard ConfigMap is named "<name>-dashboard"), or a name of its own in monitoring.dashboard.name, or the '
      + 'dashboard switched off.');
    expect(() => new StatefulService(shop(), 'Web', { name: nameOf(53), image: NGINX, port: 5432, resources, monitor: false }))
      .toThrow(`shop/Web: invalid name "${nameOf(53)}": it is 53 characters long, more than the 52 of a StatefulSet name (Kubernetes appends a revision `
        + 'hash of 11 characters in a label), and it names the StatefulSet. Expected an application name of at most 52 characters (its StatefulSet is named "<name>").');
  });

  test('the tightest limit is reported when several are broken', () => {
    // Blue/green (55) and the dashboard (53): the dashboard's.
    const error = refusalOf(() => web({ name: nameOf(60), release: ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE }) }));
    expect(error.accepted).toMatch(/^an application name of at most 53 characters \(its dashboard ConfigMap/);
  });
});

describe('the ServiceAccount of the application (access)', () => {
  test('access: a ServiceAccount of its own with its grants; the pods run as it, with its pod labels, without its token', () => {
    const chart = shop();
    const app = web({
      access: {
        workloadIdentity: WorkloadIdentity.azure({ clientId: '11111111-2222-3333-4444-555555555555' }),
        grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'web-flags')],
      },
    }, chart);
    const manifests = synth(chart);
    const pod = manifests.find((m) => m.kind === 'Deployment').spec.template;
    expect(app.appServiceAccount?.name).toBe('web');
    expect(pod.spec.serviceAccountName).toBe('web');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(manifests.filter((m) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(m.kind)).map((m) => `${m.kind}/${m.metadata.name}`))
      .toEqual(['ServiceAccount/web', 'Role/web', 'RoleBinding/web']);
  });

  test('the token is mounted when the ServiceAccount asks for it, unless the pattern says otherwise', () => {
    const mounted = shop();
    web({ access: { automountToken: true } }, mounted);
    expect(synth(mounted).find((m) => m.kind === 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(true);
    const notMounted = shop();
    web({ access: { automountToken: true }, mountServiceAccountToken: false }, notMounted);
    expect(synth(notMounted).find((m) => m.kind === 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('the platform default serviceAccountPerApplication: every application gets one, with the platform default workload identity', () => {
    const chart = shop({
      serviceAccountPerApplication: true,
      workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/{namespace}-{name}' }),
    });
    web({}, chart);
    new StatefulService(chart, 'Db', { name: 'db', image: NGINX, port: 5432, resources });
    const accounts = synth(chart).filter((m) => m.kind === 'ServiceAccount');
    expect(accounts.map((a) => [a.metadata.name, a.metadata.annotations['eks.amazonaws.com/role-arn']])).toEqual([
      ['web', 'arn:aws:iam::111122223333:role/shop-web'],
      ['db', 'arn:aws:iam::111122223333:role/shop-db'],
    ]);
  });

  test('an application given serviceAccount keeps it under serviceAccountPerApplication', () => {
    const chart = shop({ serviceAccountPerApplication: true });
    web({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Existing', 'shop-runner') }, chart);
    const manifests = synth(chart);
    expect(manifests.filter((m) => m.kind === 'ServiceAccount')).toEqual([]);
    expect(manifests.find((m) => m.kind === 'Deployment').spec.template.spec.serviceAccountName).toBe('shop-runner');
  });

  test('refused: access and serviceAccount together; access that is not an object', () => {
    const chart = shop();
    expect(refusalOf(() => web({ access: {}, serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Existing', 'shop-runner') }, chart)).message)
      .toBe('shop/Web: invalid access {}: the application runs as the ServiceAccount given in `serviceAccount`. Expected either `access` (a ServiceAccount '
        + 'of the application\'s own) or `serviceAccount` (an existing one).');
    expect(refusalOf(() => web({ access: 'admin' })).message).toBe('shop/Web: invalid access "admin": it is a string, not an object. Expected the options of '
      + 'the application\'s own ServiceAccount, e.g. { grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, "shop-flags")] }.');
  });

  test('a grant refused by the ServiceAccount names the option written, at the application', () => {
    expect(refusalOf(() => web({ access: { grants: [AccessGrant.read(kplus.ApiResource.SECRETS)] } })).message)
      .toMatch(/^shop\/Web: invalid access\.grants\[0\]\.resources \["secrets"\]: /);
  });
});
