import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  AppIdentity, AppPattern, AppPatternProps, AppPublicationOptions, BatchJob, BlueGreenTrack, CanaryTraffic, ContainerImage, CronSchedule,
  ExternalSecretSource, IngressTls, KubernetesVersion, ManifestYaml, MonitoringMode, NodeDaemon, NodeDaemonProps, PlatformDefaults, PodSecurity,
  PublishMode, ReleaseStrategy, ScheduledJob, SecretStoreRef, SecurityProfile, SecurityRelaxation, ServiceExposure, StatefulService,
  StatefulServiceProps, TlsIssuer, Warnings, StatelessWorkload, WebService, WebServiceProps, AppWorkload,
} from '../../src';
import { AppflowInputError } from '../../src/core/errors';
import { RULES } from '../../src/plugin';
import { check } from '../plugin/support';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const NGINX = ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine');
/** The pod names of a Deployment after its name: `-<pod-template-hash>-<5>`, in the alphabet of generated names. */
const DEPLOYMENT_POD = '[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}';
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };

function shop(defaults?: Record<string, unknown>): Chart {
  const app = Testing.app();
  if (defaults) {
    PlatformDefaults.set(app, defaults);
  }
  return new Chart(app, 'shop', { namespace: 'shop' });
}

/** The pod template of the pattern's workload object. */
function podOf(manifests: any[], pattern: AppPattern): any {
  const object = manifests.find((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind) && m.metadata.name === pattern.workload.name);
  return object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template;
}

describe('a minimal web service', () => {
  test('name, image, port: a Deployment, its Service and disruption budget, a readiness probe, alerts and a dashboard', () => {
    const chart = shop();
    const web = new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    const manifests = synth(chart);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/web-dashboard', 'Deployment/web', 'PodDisruptionBudget/web', 'PrometheusRule/web-alerts', 'Service/web',
    ]);
    const pod = podOf(manifests, web);
    expect(pod.spec.containers[0].ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(pod.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(only(manifests, 'Service').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http' }]);
    expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
    // Every construct it made is reachable.
    expect(web.workload).toBe(web.tracks.main);
    expect(web.service).toBe(web.release.service);
    expect(web.publication).toBeUndefined();
    expect(web.monitoring?.alerts?.alerts).toContain('WebReplicasUnavailable');
    expect(web.identity.labels['app.kubernetes.io/name']).toBe('web');
    expect(web.namespace).toBe('shop');
  });

  test('snapshot', () => {
    const chart = shop();
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });
});

// Every prop of AppPatternProps, with a value that shows in the pod template.
const claimSize = Size.gibibytes(1);
const BASE: AppPatternProps = {
  name: 'app',
  image: NGINX,
  version: '1.2.3',
  component: 'backend',
  partOf: 'shop',
  ports: [{ name: 'http', number: 8080 }],
  command: ['/docker-entrypoint.sh'],
  args: ['nginx', '-g', 'daemon off;'],
  env: { LOG_LEVEL: kplus.EnvValue.fromValue('info') },
  envFrom: [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(new Chart(Testing.app(), 'refs'), 'Config', 'app-config'))],
  resources: { cpuRequest: kplus.Cpu.millis(200), memoryRequest: Size.mebibytes(256) },
  // Declared to exit on its own, so that the Job and CronJob accept it (and complete); it changes nothing elsewhere.
  sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'proxy', number: 8443 }], resources, exitsOnItsOwn: true }],
  initContainers: [{ name: 'init', image: NGINX, command: ['true'], resources }],
  runAsUser: 101,
  runAsGroup: 101,
  fsGroup: 2001,
  podAnnotations: { 'example.com/team': 'shop' },
  mountServiceAccountToken: true,
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }],
  priorityClassName: 'shop-high',
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  terminationGracePeriod: Duration.seconds(45),
  scratch: [{ name: 'cache', mountPath: '/var/cache/nginx', sizeLimit: Size.mebibytes(512) }],
  claims: [{ name: 'uploads', mountPath: '/srv/uploads', size: claimSize, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] }],
};

type Maker = (scope: Construct, props: AppPatternProps) => AppPattern;
const PATTERNS: Array<[string, Maker]> = [
  ['WebService', (s, p) => new WebService(s, 'App', p)],
  ['StatefulService', (s, p) => new StatefulService(s, 'App', p)],
  ['NodeDaemon', (s, p) => new NodeDaemon(s, 'App', p)],
  ['BatchJob', (s, p) => new BatchJob(s, 'App', p)],
  ['ScheduledJob', (s, p) => new ScheduledJob(s, 'App', { ...p, schedule: CronSchedule.daily() })],
];

describe('the shared props are forwarded the same way by every pattern', () => {
  test.each(PATTERNS)('%s', (kind, make) => {
    const chart = shop();
    const pattern = make(chart, BASE);
    const manifests = synth(chart);
    const pod = podOf(manifests, pattern);
    const main = pod.spec.containers[0];
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/version': '1.2.3', 'app.kubernetes.io/component': 'backend', 'app.kubernetes.io/part-of': 'shop' });
    expect(main.image).toBe('nginxinc/nginx-unprivileged:1.27.3-alpine');
    expect(main.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(main.command).toEqual(['/docker-entrypoint.sh']);
    expect(main.args).toEqual(['nginx', '-g', 'daemon off;']);
    expect(main.env).toContainEqual({ name: 'LOG_LEVEL', value: 'info' });
    expect(main.envFrom).toEqual([{ configMapRef: { name: 'app-config' } }]);
    expect(main.resources.requests).toEqual({ cpu: '200m', memory: '256Mi' });
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'proxy']);
    expect(pod.metadata.annotations['cdk8s-appflow/exits-on-its-own']).toBe(['BatchJob', 'ScheduledJob'].includes(kind) ? 'proxy' : undefined);
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['init']);
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 101, runAsGroup: 101, fsGroup: 2001 });
    expect(pod.metadata.annotations['example.com/team']).toBe('shop');
    expect(pod.spec.automountServiceAccountToken).toBe(true);
    expect(pod.spec.tolerations).toContainEqual({ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' });
    expect(pod.spec.priorityClassName).toBe('shop-high');
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.spec.terminationGracePeriodSeconds).toBe(45);
    expect(main.volumeMounts).toEqual(expect.arrayContaining([{ mountPath: '/var/cache/nginx', name: 'cache' }, { mountPath: '/srv/uploads', name: 'uploads' }]));
    expect(pod.spec.volumes).toEqual(expect.arrayContaining([
      { name: 'cache', emptyDir: { sizeLimit: '512Mi' } }, { name: 'uploads', persistentVolumeClaim: { claimName: 'app-uploads', readOnly: false } },
    ]));
    expect(only(manifests, 'PersistentVolumeClaim').metadata).toMatchObject({ name: 'app-uploads', labels: { 'app.kubernetes.io/name': 'app' } });
    expect(pattern.claims.map((c) => c.name)).toEqual(['app-uploads']);
    expect(pattern.monitoring).toBeDefined();
  });

  test('and every one of them makes a difference (a prop that a pattern drops would not)', () => {
    const optional = Object.keys(BASE).filter((k) => !['name', 'image'].includes(k)) as Array<keyof AppPatternProps>;
    for (const [kind, make] of PATTERNS) {
      const full = shop();
      make(full, BASE);
      const whole = ManifestYaml.ofChart(full);
      for (const key of optional) {
        const without = shop();
        const props: any = { ...BASE };
        delete props[key];
        let outcome: string;
        try {
          make(without, props);
          outcome = ManifestYaml.ofChart(without) === whole ? 'same output: the prop was dropped' : 'different output';
        } catch (e) {
          // A prop that a kind needs (a Service needs a port): refused with a clear error, also a difference.
          outcome = e instanceof AppflowInputError ? 'refused' : `failed: ${e}`;
        }
        expect([kind, key, outcome]).toEqual([kind, key, expect.stringMatching(/^(different output|refused)$/)]);
      }
    }
  });
});

describe('each kind', () => {
  test('a stateful service: per-replica storage, a headless Service for the peers and a Service for the clients (snapshot)', () => {
    const chart = shop();
    const db = new StatefulService(chart, 'Db', {
      name: 'mysql',
      image: ContainerImage.fromReference('mysql:8.4.3'),
      ports: [{ name: 'mysql', number: 3306 }],
      runAsUser: 999,
      resources,
      replicas: 3,
      replicaStorage: [{ name: 'data', mountPath: '/var/lib/mysql', size: Size.gibibytes(20) }],
    });
    const manifests = synth(chart);
    expect(only(manifests, 'StatefulSet').spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name).sort()).toEqual(['mysql', 'mysql-headless']);
    expect(db.statefulWorkload).toBe(db.workload);
    expect(db.monitoring?.application.claimNamePatterns).toEqual(['data-mysql-[0-9]+']);
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('a stateful service published to users: its clients\' Service behind an Ingress, the public URL checked; the policy lets the ingress controller in', () => {
    const chart = shop({ ingressControllerNamespace: 'ingress-nginx', monitoringNamespace: 'monitoring' });
    const grafana = new StatefulService(chart, 'Grafana', {
      name: 'grafana',
      image: ContainerImage.fromReference('grafana/grafana:11.3.0'),
      ports: [{ name: 'http', number: 3000 }],
      runAsUser: 472,
      resources,
      replicaStorage: [{ name: 'data', mountPath: '/var/lib/grafana', size: Size.gibibytes(5) }],
      servicePorts: [{ name: 'web', port: 80, targetPortName: 'http' }],
      publish: { hosts: ['grafana.example.com'] },
    });
    new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources, connections: [{ to: grafana }] });
    const manifests = synth(chart);
    const ingress = only(manifests, 'Ingress');
    expect(ingress.spec.rules[0]).toEqual({
      host: 'grafana.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'grafana', port: { number: 80 } } } }] },
    });
    expect(grafana.publication?.ingress).toBeDefined();
    // The NetworkPolicy that the connection makes lets the ingress controller reach the published container port.
    const policy = only(manifests, 'NetworkPolicy');
    expect(policy.spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
      ports: [{ port: 'http', protocol: 'TCP' }],
    });
    // The works-when-applied rules find the flow from the ingress controller admitted.
    const findings = check(manifests, { cluster: { ingressController: { namespace: 'ingress-nginx' } } }).findings;
    expect(findings.filter((f) => f.rule.startsWith('flow/')).map((f) => f.message)).toEqual([]);
  });

  test('a stateful service published on a port its Service does not have is refused', () => {
    expect(refusalOf(() => new StatefulService(shop(), 'Db', {
      name: 'db', image: NGINX, port: 5432, resources, publish: { hosts: ['db.example.com'], portName: 'admin' },
    })).message).toBe('shop/Db: invalid publish.portName "admin": the Service db has no port of that name. Expected one of http.');
  });

  test('a node daemon: read-only node paths by explicit opt-in (snapshot)', () => {
    const chart = shop();
    const agent = new NodeDaemon(chart, 'Agent', {
      name: 'log-agent',
      image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4'),
      resources,
      relax: [SecurityRelaxation.HOST_PATH],
      hostPaths: [{ name: 'varlog', hostPath: '/var/log' }],
      tolerateAllTaints: true,
    });
    const pod = podOf(synth(chart), agent);
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/var/log', name: 'varlog', readOnly: true });
    expect(pod.spec.volumes).toContainEqual({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('a node daemon without the opt-in is refused', () => {
    expect(() => new NodeDaemon(shop(), 'Agent', {
      name: 'log-agent', image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4'), hostPaths: [{ name: 'varlog', hostPath: '/var/log' }],
    })).toThrow(/a node path \(hostPath\) breaks the baseline and restricted profiles/);
  });

  test('a batch job and a scheduled job: JobFailed alerts, a time zone (snapshot)', () => {
    const chart = shop();
    const load = new BatchJob(chart, 'Import', { name: 'data-import', image: ContainerImage.fromReference('registry.example.com/shop/import:1.0.0'), resources, backoffLimit: 2 });
    const nightly = new ScheduledJob(chart, 'Nightly', {
      name: 'nightly-report',
      image: ContainerImage.fromReference('registry.example.com/shop/report:1.0.0'),
      resources,
      schedule: CronSchedule.expression('30 3 * * *'),
      timeZone: 'Europe/Paris',
      successfulJobsHistory: 5,
      failedJobsHistory: 2,
    });
    const manifests = synth(chart);
    expect(only(manifests, 'Job').spec.backoffLimit).toBe(2);
    expect(only(manifests, 'CronJob').spec).toMatchObject({ schedule: '30 3 * * *', timeZone: 'Europe/Paris', successfulJobsHistoryLimit: 5, failedJobsHistoryLimit: 2 });
    expect(load.monitoring?.alerts?.alerts).toContain('DataImportJobFailed');
    expect(nightly.monitoring?.alerts?.alerts).toEqual(expect.arrayContaining(['NightlyReportJobFailed', 'NightlyReportCronJobNotSucceeding']));
    expect(podOf(manifests, load).spec.containers[0].readinessProbe).toBeUndefined();
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('a weekly job may go a week and two hours without success before CronJobNotSucceeding fires', () => {
    const chart = shop();
    const weekly = new ScheduledJob(chart, 'Weekly', {
      name: 'weekly-report', image: ContainerImage.fromReference('registry.example.com/shop/report:1.0.0'), resources, schedule: CronSchedule.weekly(),
    });
    expect(weekly.monitoring?.application.longestRunInterval?.toHours()).toBe(7 * 24);
    const rule = only(synth(chart), 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'WeeklyReportCronJobNotSucceeding');
    expect(rule.expr).toMatch(/\) > 612000 unless /);
  });

  test('a web service published with TLS, on a NodePort, scraped, checked from outside', () => {
    const chart = shop({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115' });
    const web = new WebService(chart, 'Web', {
      name: 'web',
      image: NGINX,
      resources,
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9113 }],
      serviceExposure: ServiceExposure.nodePort(),
      publish: { hosts: ['shop.example.com'], tls: IngressTls.certManager(TlsIssuer.clusterIssuer('letsencrypt-prod')) },
      monitoring: { metrics: { portName: 'metrics' }, defaultProbes: { readinessPath: '/' } },
    });
    const manifests = synth(chart);
    expect(only(manifests, 'Service').spec.type).toBe('NodePort');
    expect(only(manifests, 'Ingress').spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'web-tls' }]);
    expect(web.publication?.urls).toEqual(['https://shop.example.com/']);
    expect(only(manifests, 'ServiceMonitor').spec.endpoints[0].port).toBe('metrics');
    expect(manifests.filter((m) => m.kind === 'Probe').map((p) => p.spec.targets.staticConfig.static)).toEqual([
      ['http://web.shop.svc.cluster.local:8080/'], ['https://shop.example.com/'],
    ]);
  });

  test('a blue/green web service: probes and connections on both tracks', () => {
    const chart = shop();
    const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
    const web = new WebService(chart, 'Web', {
      name: 'web',
      image: NGINX,
      port: 8080,
      resources,
      release: ReleaseStrategy.blueGreen({ active: BlueGreenTrack.GREEN, greenImage: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.4-alpine') }),
      connections: [{ to: api }],
      monitoring: { defaultProbes: { readinessPath: '/healthz' } },
    });
    expect(web.workload).toBe(web.tracks.green);
    const manifests = synth(chart);
    for (const track of ['web-blue', 'web-green']) {
      const container = only(manifests, 'Deployment', track).spec.template.spec.containers[0];
      expect(container.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' } });
      expect(container.env).toEqual(expect.arrayContaining([{ name: 'API_HOST', value: 'api.shop.svc.cluster.local' }, { name: 'API_PORT', value: '8080' }]));
    }
  });
});

describe('jobs complete: every container of their pods exits', () => {
  const JOBS = PATTERNS.filter(([kind]) => kind === 'BatchJob' || kind === 'ScheduledJob');
  const proxy = { name: 'proxy', image: NGINX, resources };

  test.each(JOBS)('%s: a sidecar not declared to exit on its own is refused', (_kind, make) => {
    const refusal = (() => {
      try {
        make(shop(), { name: 'app', image: NGINX, resources, sidecars: [proxy] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(AppflowInputError);
    expect(refusal).toMatchObject({
      constructPath: 'shop/App',
      prop: 'sidecars[0]',
      value: 'proxy',
      problem: expect.stringMatching(/^a Job completes only when every container of its pod exits; this sidecar never does/),
      accepted: expect.stringMatching(/`exitsOnItsOwn: true`.*or its work done in the main container$/),
    });
  });

  test.each(JOBS)('%s: a sidecar declared to exit on its own is accepted', (_kind, make) => {
    const chart = shop();
    const job = make(chart, { name: 'app', image: NGINX, resources, sidecars: [{ ...proxy, exitsOnItsOwn: true }] });
    expect(podOf(synth(chart), job).spec.containers.map((c: any) => c.name)).toEqual(['app', 'proxy']);
  });

  test.each(JOBS)('%s: log files are not shipped by a sidecar that never exits', (_kind, make) => {
    expect(() => make(shop(), { name: 'app', image: NGINX, resources, monitoring: { logs: { files: { directory: '/var/log/app' } } } }))
      .toThrow(/^shop\/App\/Workload: invalid logs "\/var\/log\/app": the workload is a (Job|CronJob), which completes only when every container of its pod exits; the log shipping sidecar follows the files and never exits/);
  });

  test('the other patterns keep their sidecars as they are', () => {
    for (const [kind, make] of PATTERNS.filter(([k]) => !JOBS.some(([j]) => j === k))) {
      const chart = shop();
      const pattern = make(chart, { name: 'app', image: NGINX, port: 8080, resources, sidecars: [{ ...proxy, ports: [{ name: 'proxy', number: 8443 }] }] });
      expect([kind, podOf(synth(chart), pattern).spec.containers.map((c: any) => c.name)]).toEqual([kind, ['app', 'proxy']]);
    }
  });
});

test('a refused image is reported at the pattern, against the prop written: image, sidecars[i].image', () => {
  expect(refusalOf(() => new WebService(shop(), 'Api', { name: 'api', image: ContainerImage.fromReference('registry.example.com/Shop/api:1.0'), port: 8080, resources })))
    .toMatchObject({ constructPath: 'shop/Api', prop: 'image', value: 'registry.example.com/Shop/api:1.0' });
  expect(refusalOf(() => new WebService(shop(), 'Api', {
    name: 'api', image: NGINX, port: 8080, resources, sidecars: [{ name: 'proxy', image: ContainerImage.fromReference('envoyproxy/Envoy:v1.31') }],
  }))).toMatchObject({ constructPath: 'shop/Api', prop: 'sidecars[0].image', value: 'envoyproxy/Envoy:v1.31' });
});

test('the in-cluster black-box check requests the preview or canary Service too, one target each', () => {
  const targets = (release: ReleaseStrategy, publish?: AppPublicationOptions) => {
    const chart = shop({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115', monitoringNamespace: 'monitoring', gateway: { name: 'gw', namespace: 'gateways' } });
    new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources, release, replicas: 10, publish, monitoring: { defaultProbes: { readinessPath: '/ready' } } });
    return synth(chart).filter((m) => m.kind === 'Probe' && m.metadata.name === 'api-service').map((p) => p.spec.targets.staticConfig.static);
  };
  const v2 = ContainerImage.fromReference('nginx:1.27.4');
  expect(targets(ReleaseStrategy.canary({ image: v2, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }), { hosts: ['api.example.com'], mode: PublishMode.GATEWAY_ROUTE }))
    .toEqual([['http://api.shop.svc.cluster.local:8080/ready', 'http://api-canary.shop.svc.cluster.local:8080/ready']]);
  expect(targets(ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, greenImage: v2 })))
    .toEqual([['http://api.shop.svc.cluster.local:8080/ready', 'http://api-preview.shop.svc.cluster.local:8080/ready']]);
  // By replicas, one Service over both tracks: one target.
  expect(targets(ReleaseStrategy.canary({ image: v2, weight: 10 }))).toEqual([['http://api.shop.svc.cluster.local:8080/ready']]);
});

test('a refused serviceExposure is reported at the pattern, against the prop written', () => {
  // trafficDistribution needs Kubernetes 1.31; the target is 1.27.
  expect(refusalOf(() => new WebService(shop(), 'Api', {
    name: 'api', image: NGINX, port: 8080, resources, serviceExposure: ServiceExposure.clusterIp({ trafficDistribution: 'PreferClose' as any }),
  }))).toMatchObject({ constructPath: 'shop/Api', prop: 'serviceExposure.trafficDistribution', value: 'PreferClose' });
});

describe('connections', () => {
  test('the NetworkPolicy of an application on a load balancer or node ports lets its outside clients in (sourceRanges, else any address)', () => {
    const policyOf = (exposure: ServiceExposure) => {
      const chart = shop();
      const api = new WebService(chart, 'Api', {
        name: 'api', image: NGINX, port: 8080, resources, serviceExposure: exposure, servicePorts: [{ name: 'web', port: 80, targetPortName: 'http' }],
      });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api }] });
      return only(synth(chart), 'NetworkPolicy');
    };
    expect(policyOf(ServiceExposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'] })).spec.ingress).toContainEqual({
      from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'http', protocol: 'TCP' }],
    });
    expect(policyOf(ServiceExposure.nodePort()).spec.ingress).toContainEqual({
      from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ port: 'http', protocol: 'TCP' }],
    });
    expect(policyOf(ServiceExposure.clusterIp()).spec.ingress.filter((r: any) => r.from.some((p: any) => p.ipBlock))).toEqual([]);
  });

  function webAndDb(defaults?: Record<string, unknown>, webProps: Partial<WebServiceProps> = {}, dbProps: Partial<StatefulServiceProps> = {}) {
    const chart = shop(defaults);
    const db = new StatefulService(chart, 'Db', {
      name: 'orders-db',
      image: ContainerImage.fromReference('postgres:16.3'),
      ports: [{ name: 'postgres', number: 5432 }],
      runAsUser: 999,
      resources,
      servicePorts: [{ name: 'postgres', port: 5432 }],
      ...dbProps,
    });
    const web = new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: db }], ...webProps });
    return { chart, db, web };
  }

  test('the address goes to the sidecars too, whichever way they run (native sidecars from Kubernetes 1.29 are init containers)', () => {
    const sidecars = [{ name: 'proxy', image: NGINX, resources }];
    for (const version of [KubernetesVersion.V1_27, KubernetesVersion.V1_33]) {
      const { chart, web } = webAndDb({ kubernetesVersion: version }, { sidecars });
      const pod = podOf(synth(chart), web).spec;
      const proxy = [...pod.containers, ...pod.initContainers ?? []].find((c: any) => c.name === 'proxy');
      expect([version, proxy.env.map((e: any) => e.name)]).toEqual([version, expect.arrayContaining(['ORDERS_DB_HOST', 'ORDERS_DB_PORT'])]);
    }
  });

  test('the address in environment variables, and the NetworkPolicy of the database opened to the web pods, and to its own replicas', () => {
    const { chart, db, web } = webAndDb(undefined, {}, { replicas: 3 });
    const manifests = synth(chart);
    expect(podOf(manifests, web).spec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'ORDERS_DB_HOST', value: 'orders-db.shop.svc.cluster.local' }, { name: 'ORDERS_DB_PORT', value: '5432' },
    ]));
    const policy = only(manifests, 'NetworkPolicy');
    expect(db.networkPolicy).toBeDefined();
    expect(policy.spec.podSelector.matchLabels).toEqual(db.identity.selectorLabels);
    // The replicas of a stateful service reach each other on every port (replication, gossip, quorum).
    expect(policy.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: db.identity.selectorLabels } }] },
      { from: [{ podSelector: { matchLabels: web.identity.selectorLabels } }], ports: [{ port: 'postgres', protocol: 'TCP' }] },
    ]);
    expect(web.networkPolicy).toBeUndefined();
  });

  test('a connection in or to a chart without a namespace: a warning that the address names "default"', () => {
    const app = Testing.app();
    const unnamed = new Chart(app, 'unnamed');
    const db = new StatefulService(unnamed, 'Db', { name: 'orders-db', image: NGINX, port: 5432, resources });
    const web = new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    web.connectTo(db);
    expect(Warnings.of(web.node.scope as Chart).filter((w) => w.includes('connection'))).toEqual([expect.stringContaining(
      'the connection to orders-db takes the namespace "default" for orders-db, whose chart has no namespace (ORDERS_DB_HOST=orders-db.default.svc.cluster.local)')]);
    // Both in charts with a namespace: no warning.
    const { chart } = webAndDb();
    expect(Warnings.of(chart).filter((w) => w.includes('connection'))).toEqual([]);
  });

  test('peerTraffic: by default only for more than one replica; false lets in only the connected applications; not a boolean: refused', () => {
    const ingressOf = (dbProps: Partial<StatefulServiceProps>) => {
      const { chart } = webAndDb(undefined, {}, dbProps);
      return only(synth(chart), 'NetworkPolicy').spec.ingress.map((r: any) => [r.from[0].podSelector.matchLabels['app.kubernetes.io/name'], r.ports]);
    };
    const toWeb = ['web', [{ port: 'postgres', protocol: 'TCP' }]];
    expect(ingressOf({})).toEqual([toWeb]);
    expect(ingressOf({ autoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilization: 70 } })).toEqual([['orders-db', undefined], toWeb]);
    expect(ingressOf({ replicas: 3, peerTraffic: false })).toEqual([toWeb]);
    expect(ingressOf({ peerTraffic: true })).toEqual([['orders-db', undefined], toWeb]);
    expect(refusalOf(() => new StatefulService(shop(), 'Db', {
      name: 'orders-db', image: NGINX, port: 5432, resources, peerTraffic: 'no',
    } as any))).toMatchObject({ constructPath: 'shop/Db', prop: 'peerTraffic', value: 'no', problem: 'it is a string, not a boolean' });
  });

  test('the env map the user gives is not changed: shared by a canary\'s tracks and by two applications, each gets its own variables', () => {
    const env = { LOG_LEVEL: kplus.EnvValue.fromValue('info') };
    const { chart, web } = webAndDb(undefined, {
      env,
      release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('nginx:1.27.4'), weight: 10 }),
    });
    const admin = new WebService(chart, 'Admin', { name: 'admin', image: NGINX, port: 8080, resources, env });
    expect(Object.keys(env)).toEqual(['LOG_LEVEL']);
    const manifests = synth(chart);
    const names = (workload: any) => workload.spec.template.spec.containers[0].env.map((e: any) => e.name).sort();
    const deployments = manifests.filter((m) => m.kind === 'Deployment');
    expect(deployments.map((d) => [d.metadata.name, names(d)]).sort()).toEqual([
      ['admin', ['LOG_LEVEL']],
      ['web-canary', ['LOG_LEVEL', 'ORDERS_DB_HOST', 'ORDERS_DB_PORT']],
      ['web-stable', ['LOG_LEVEL', 'ORDERS_DB_HOST', 'ORDERS_DB_PORT']],
    ]);
    expect([web.name, admin.name]).toEqual(['web', 'admin']);
  });

  test('connectTo later, with a prefix of its own', () => {
    const chart = shop();
    const cache = new StatefulService(chart, 'Cache', { name: 'cache', image: ContainerImage.fromReference('redis:7.4.1'), ports: [{ name: 'redis', number: 6379 }], resources });
    const web = new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    expect(web.connectTo(cache, { envPrefix: 'SESSION_STORE' })).toBe('SESSION_STORE');
    expect(podOf(synth(chart), web).spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'SESSION_STORE_HOST', value: 'cache.shop.svc.cluster.local' }]));
  });

  test('a published application that others connect to lets the ingress controller and the monitoring stack in too', () => {
    const chart = shop({ ingressControllerNamespace: 'ingress-nginx', monitoringNamespace: 'monitoring' });
    const api = new WebService(chart, 'Api', {
      name: 'api',
      image: NGINX,
      resources,
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
      publish: { hosts: ['api.example.com'] },
      monitoring: { metrics: { portName: 'metrics' } },
    });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api }] });
    const ingress = only(synth(chart), 'NetworkPolicy').spec.ingress;
    expect(ingress.map((r: any) => r.ports)).toEqual([[{ port: 'http', protocol: 'TCP' }], [{ port: 'metrics', protocol: 'TCP' }], [{ port: 'http', protocol: 'TCP' }]]);
    expect(ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
  });

  test('an application published by route lets in the Gateway\'s data plane (gatewayNamespace), one published by Ingress the ingress controller', () => {
    const admitted = (mode: PublishMode, defaults: Record<string, unknown>) => {
      const chart = shop({ ingressControllerNamespace: 'ingress-nginx', ...defaults });
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources, publish: { hosts: ['api.example.com'], mode } });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api }] });
      return only(synth(chart), 'NetworkPolicy').spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'];
    };
    const gateway = { gateway: { name: 'public', namespace: 'gateways' } };
    expect(admitted(PublishMode.GATEWAY_ROUTE, { ...gateway, gatewayNamespace: 'envoy-gateway-system' })).toBe('envoy-gateway-system');
    expect(admitted(PublishMode.INGRESS, { gatewayNamespace: 'envoy-gateway-system' })).toBe('ingress-nginx');
    // By default the Gateway's data plane runs where the ingress controller runs.
    expect(admitted(PublishMode.GATEWAY_ROUTE, gateway)).toBe('ingress-nginx');
  });

  test('the blackbox exporter is let in on the port it checks: from the namespace of its address, or else the monitoring namespace', () => {
    const rulesOf = (defaults: Record<string, unknown>) => {
      const { chart } = webAndDb(defaults);
      const probe = synth(chart).find((m) => m.kind === 'Probe' && m.metadata.name === 'orders-db-service');
      return [probe.spec.targets.staticConfig.static, ...only(synth(chart), 'NetworkPolicy').spec.ingress.map((r: any) =>
        `${r.from[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? `${r.from[0].podSelector.matchLabels['app.kubernetes.io/name']} pods`} -> `
        + `${r.ports?.map((p: any) => p.port).join(', ') ?? 'every port'}`)];
    };
    expect(rulesOf({ blackboxExporterAddress: 'blackbox.probes.svc.cluster.local:9115' })).toEqual([
      ['orders-db.shop.svc.cluster.local:5432'], 'probes -> postgres', 'web pods -> postgres',
    ]);
    expect(rulesOf({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115', monitoringNamespace: 'monitoring' })).toEqual([
      ['orders-db.shop.svc.cluster.local:5432'], 'monitoring -> postgres', 'web pods -> postgres',
    ]);
    expect(rulesOf({ blackboxExporterAddress: 'blackbox-exporter:9115', monitoringNamespace: 'observability' })).toEqual([
      ['orders-db.shop.svc.cluster.local:5432'], 'observability -> postgres', 'web pods -> postgres',
    ]);
  });

  test('a blackbox exporter outside the monitoring namespace: the policy admits its namespace, and the synthesis\'s checks agree', () => {
    const { chart } = webAndDb({ blackboxExporterAddress: 'blackbox.probes.svc:9115', monitoringNamespace: 'monitoring' });
    const ingress = only(synth(chart), 'NetworkPolicy').spec.ingress;
    expect(ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'probes' });
    // The works-when-applied checks take the Probe's exporter from its prober.url, not from monitoringNamespace.
    expect(check(synth(chart), { cluster: { prometheus: { namespace: 'monitoring' }, blackboxExporter: { namespace: 'monitoring' } } }).findings
      .filter((f) => f.rule.startsWith('flow/')).map((f) => f.message)).toEqual([]);
  });

  test('Prometheus and the blackbox exporter in one namespace: one rule with both ports', () => {
    const chart = shop({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115', monitoringNamespace: 'monitoring' });
    const api = new WebService(chart, 'Api', {
      name: 'api', image: NGINX, resources, ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }], monitoring: { metrics: { portName: 'metrics' } },
    });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api }] });
    expect(api.monitoring?.serviceCheckPort?.name).toBe('http');
    expect(only(synth(chart), 'NetworkPolicy').spec.ingress.map((r: any) => r.ports.map((p: any) => p.port))).toEqual([['metrics', 'http'], ['http']]);
  });

  test('the metrics port of a native sidecar is let in by number, as the Service targets it: network plugins do not all resolve its name', () => {
    const chart = shop({ monitoringNamespace: 'monitoring', kubernetesVersion: KubernetesVersion.V1_30 });
    const exporter = { name: 'exporter', image: NGINX, resources, ports: [{ name: 'metrics', number: 9187 }] };
    const api = new WebService(chart, 'Api', {
      name: 'api', image: NGINX, resources, port: 8080, sidecars: [exporter], monitoring: { metrics: { portName: 'metrics' } },
    });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api }] });
    expect(api.workload.nativeSidecars).toBe(true);
    const manifests = synth(chart);
    expect(only(manifests, 'NetworkPolicy').spec.ingress.map((r: any) => r.ports.map((p: any) => p.port))).toEqual([[9187], ['http']]);
    expect(only(manifests, 'Service', 'api').spec.ports.map((p: any) => p.targetPort)).toEqual(['http', 9187]);
  });

  test('refused: a checked application others connect to, with an exporter address that names no namespace and no monitoring namespace', () => {
    expect(() => webAndDb({ blackboxExporterAddress: 'blackbox-exporter:9115' })).toThrow(
      /shop\/Db: invalid networkPolicy true: web connects to orders-db, whose NetworkPolicy must then let in the monitoring stack \(the blackbox exporter checks it, and its address blackbox-exporter:9115 names no namespace\), and the platform defaults have no monitoringNamespace/);
  });

  test('networkPolicy: false gives the address only', () => {
    const chart = shop();
    const db = new StatefulService(chart, 'Db', { name: 'db', image: ContainerImage.fromReference('postgres:16.3'), ports: [{ name: 'pg', number: 5432 }], resources, networkPolicy: false });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: db }] });
    expect(synth(chart).filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
  });

  test.each<[string, (chart: Chart) => void, RegExp]>([
    ['to itself', (chart) => {
      const web = new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources });
      web.connectTo(web);
    }, /shop\/Web: invalid connectTo\(target\) "web": an application does not connect to itself/],
    ['twice', (chart) => {
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
      const web = new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api }] });
      web.connectTo(api);
    }, /invalid connectTo\(target\) "api": the application is connected to it already/],
    ['to a job', (chart) => {
      const job = new BatchJob(chart, 'Job', { name: 'job', image: NGINX, resources });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: job }] });
    }, /shop\/Web: invalid connections\[0\]\.to "job": it has no Service with ports to connect to/],
    ['on a port the Service lacks', (chart) => {
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api, portName: 'grpc' }] });
    }, /shop\/Web: invalid connections\[0\]\.portName "grpc": the Service api has no port of that name\. Expected one of http\./],
    ['with a variable the container has', (chart) => {
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
      new WebService(chart, 'Web', {
        name: 'web', image: NGINX, port: 8080, resources, env: { API_HOST: kplus.EnvValue.fromValue('x') }, connections: [{ to: api }],
      });
    }, /shop\/Web: invalid connections\[0\]\.envPrefix "API": the container web has the variable API_HOST already/],
    ['with one prefix for two', (chart) => {
      const a = new WebService(chart, 'A', { name: 'a', image: NGINX, port: 8080, resources });
      const b = new WebService(chart, 'B', { name: 'b', image: NGINX, port: 8080, resources });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: a, envPrefix: 'UP' }, { to: b, envPrefix: 'UP' }] });
    }, /shop\/Web: invalid connections\[1\]\.envPrefix "UP": another connection of the application uses the same prefix/],
    ['with a prefix that ends with the underscore the variables add', (chart) => {
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api, envPrefix: 'DB_' }] });
    }, /shop\/Web: invalid connections\[0\]\.envPrefix "DB_": it ends with "_", and the variables are <prefix>_HOST and <prefix>_PORT \(DB__HOST\)\. Expected the prefix without the "_": "DB", for DB_HOST and DB_PORT\./],
    ['with an empty prefix', (chart) => {
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api, envPrefix: '' }] });
    }, /shop\/Web: invalid connections\[0\]\.envPrefix "": it is empty, and the variables are <prefix>_HOST and <prefix>_PORT \(_HOST\)\. Expected a prefix of letters, digits and "_" that does not end with "_", e\.g\. "DB" for DB_HOST and DB_PORT\./],
    ['with a prefix that is no variable name', (chart) => {
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api, envPrefix: '1API' }] });
    }, /shop\/Web: invalid connections\[0\]\.envPrefix "1API_HOST"/],
    ['to something that is no pattern', (chart) => {
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: {} as AppPattern }] });
    }, /invalid connections\[0\]\.to \{\}: it is not an application pattern/],
    ['to a published application without the ingress controller\'s namespace', (chart) => {
      const api = new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources, publish: { hosts: ['api.example.com'] } });
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, connections: [{ to: api }] });
    }, /shop\/Api: invalid networkPolicy true: web connects to api, whose NetworkPolicy must then let in the ingress controller \(the application is published\), and the platform defaults have no ingressControllerNamespace\. Expected the platform default ingressControllerNamespace, or `networkPolicy: false` on api\./],
  ])('refused: %s', (_what, act, message) => {
    expect(() => act(shop())).toThrow(message);
  });
});

describe('namespaces', () => {
  test('every object of an application carries the chart\'s namespace; the Namespace is made once, enforcing the least strict profile', () => {
    const chart = shop();
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    new NodeDaemon(chart, 'Agent', {
      name: 'agent', image: NGINX, resources, createNamespace: true, securityProfile: SecurityProfile.BASELINE,
    });
    const manifests = synth(chart);
    const namespace = only(manifests, 'Namespace');
    expect(namespace.metadata).toEqual({
      name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.27' },
    });
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) {
      expect([m.kind, m.metadata.namespace]).toEqual([m.kind, 'shop']);
    }
  });

  test('the Namespace enforces the least strict profile of every application of its namespace, those that did not ask for it and come later too', () => {
    const app = Testing.app();
    const data = new Chart(app, 'data', { namespace: 'shop' });
    new StatefulService(data, 'Db', { name: 'mysql', image: NGINX, port: 3306, resources, createNamespace: true });
    const enforced = () => only(synth(data), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'];
    expect(enforced()).toBe('restricted');
    // A baseline application of the same namespace, in another chart, made after the Namespace and not asking for it:
    // a restricted Namespace would make admission reject its pods.
    new WebService(new Chart(app, 'legacy', { namespace: 'shop' }), 'Legacy', {
      name: 'legacy', image: NGINX, port: 80, resources, securityProfile: SecurityProfile.BASELINE,
    });
    expect(enforced()).toBe('baseline');
    // An application of another namespace does not count.
    new NodeDaemon(new Chart(app, 'agents', { namespace: 'agents' }), 'Agent', {
      name: 'agent', image: NGINX, resources, securityProfile: SecurityProfile.PRIVILEGED,
    });
    expect(enforced()).toBe('baseline');
  });

  test('the level of every Namespace is worked out once per synthesis: linear in the number of workloads, not quadratic', () => {
    const app = Testing.app();
    const charts = Array.from({ length: 40 }, (_, i) => new Chart(app, `c${i}`, { namespace: `ns${i}` }));
    charts.forEach((chart) => new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true }));
    const namespaceOfWorkload = jest.spyOn(AppWorkload.prototype, 'namespace', 'get');
    try {
      const levels = charts.map((chart) => only(Testing.synth(chart), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']);
      expect(new Set(levels)).toEqual(new Set(['restricted']));
      // 40 Namespaces of 40 workloads, synthesized in one run: each workload's namespace read about once, not once per
      // Namespace (40 × 40).
      expect(namespaceOfWorkload.mock.calls.length).toBeLessThanOrEqual(2 * 40);
    } finally {
      namespaceOfWorkload.mockRestore();
    }
  });

  test('the workloads of the library that are not patterns count too (a KEDA worker is a StatelessWorkload)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    new StatelessWorkload(chart, 'Worker', {
      identity: new AppIdentity(chart, 'WorkerIdentity', { name: 'worker' }),
      container: { image: NGINX, resources },
      relax: [SecurityRelaxation.RUN_AS_ROOT],
    });
    const manifests = synth(chart);
    expect(only(manifests, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(check(manifests).findings.filter((f) => f.rule === 'namespace-admits-pods')).toEqual([]);
    // A workload whose construction was refused (and caught) makes no pods: it does not count, nor fail the synthesis.
    expect(() => new StatelessWorkload(new Chart(app, 'other', { namespace: 'shop' }), 'Broken', {
      identity: new AppIdentity(chart, 'BrokenIdentity', { name: 'broken' }),
      container: { image: NGINX, resources, ports: 'http' as any },
      relax: [SecurityRelaxation.HOST_PATH],
    })).toThrow(/invalid container\.ports/);
    expect(only(synth(chart), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('the Namespace comes first in the manifests, before every application of the chart', () => {
    const chart = shop();
    new WebService(chart, 'Before', { name: 'before', image: NGINX, port: 8080, resources });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    new WebService(chart, 'After', { name: 'after', image: NGINX, port: 8080, resources });
    expect(synth(chart)[0].kind).toBe('Namespace');
  });

  test('the Namespace enforces the Pod Security rules of the target Kubernetes version', () => {
    const chart = shop({ kubernetesVersion: KubernetesVersion.V1_33 });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    expect(only(synth(chart), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.33');
  });

  test('the Namespace comes before the objects made beside the applications too (a ConfigMap, an ExternalSecret they read)', () => {
    const chart = shop();
    new kplus.ConfigMap(chart, 'Flags', { metadata: { name: 'flags' }, data: { a: '1' } });
    const db = new ExternalSecretSource(chart, 'Db', { name: 'db', store: SecretStoreRef.cluster('vault'), keys: [{ key: 'password', remoteKey: 'shop/db' }] });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, env: { PASSWORD: db.envValue('password') }, createNamespace: true });
    const kinds = synth(chart).map((m) => m.kind);
    expect(kinds[0]).toBe('Namespace');
    expect(kinds).toContain('ExternalSecret');
  });

  test('the enforced profile is the one the pods meet, relaxations counted', () => {
    const enforced = (props: Partial<AppPatternProps>) => {
      const chart = shop();
      new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true, ...props });
      return only(synth(chart), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'];
    };
    expect(enforced({})).toBe('restricted');
    expect(enforced({ relax: [SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM] })).toBe('restricted');
    expect(enforced({ relax: [SecurityRelaxation.RUN_AS_ROOT] })).toBe('baseline');
    expect(enforced({ relax: [SecurityRelaxation.DEFAULT_CAPABILITIES, SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM] })).toBe('baseline');
    expect(enforced({ securityProfile: SecurityProfile.PRIVILEGED })).toBe('privileged');
    // A node daemon on the node's network, or with a node path.
    const daemon = (props: Partial<NodeDaemonProps>) => {
      const chart = shop();
      new NodeDaemon(chart, 'Agent', { name: 'agent', image: NGINX, resources, createNamespace: true, ...props });
      return only(synth(chart), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'];
    };
    expect(daemon({ hostNetwork: true, relax: [SecurityRelaxation.HOST_NETWORK] })).toBe('privileged');
    expect(daemon({ relax: [SecurityRelaxation.HOST_PATH], hostPaths: [{ name: 'varlog', hostPath: '/var/log' }] })).toBe('privileged');
  });

  test('a warning when some workloads lower the level that the Namespace enforces for the others of the namespace', () => {
    const chart = shop();
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources });
    const namespaceWarnings = (scope: Construct) => Warnings.of(scope).filter((w) => w.startsWith('shop/AppflowNamespace: '));
    expect(namespaceWarnings(chart)).toEqual([]);
    // Read when the warnings are read: a node agent added later lowers the level of the web applications' namespace.
    new NodeDaemon(chart, 'Agent', { name: 'log-agent', image: NGINX, resources, hostNetwork: true, relax: [SecurityRelaxation.HOST_NETWORK] });
    expect(namespaceWarnings(chart)).toEqual(['shop/AppflowNamespace: the Namespace shop enforces the Pod Security level "privileged" for DaemonSet '
      + 'log-agent (relaxed: host-network), so admission lets any "privileged" pod into the namespace, beside Deployment web, Deployment api, '
      + 'whose pods meet "restricted": give the workloads that need the lower level a namespace of their own (a chart with another namespace) '
      + 'to keep the others\' level enforced']);
    // A level the user set on the Namespace is theirs: no warning.
    const own = shop();
    new WebService(own, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    new NodeDaemon(own, 'Agent', { name: 'log-agent', image: NGINX, resources, securityProfile: SecurityProfile.BASELINE });
    expect(namespaceWarnings(own)).toHaveLength(1);
    expect(namespaceWarnings(own)[0]).toContain('"baseline" for DaemonSet log-agent (securityProfile baseline)');
    (own.node.findChild('AppflowNamespace') as kplus.Namespace).metadata.addLabel('pod-security.kubernetes.io/enforce', 'baseline');
    expect(namespaceWarnings(own)).toEqual([]);
    // Every workload of the namespace at the same level: nothing to warn about.
    const agents = shop();
    new NodeDaemon(agents, 'Agent', { name: 'log-agent', image: NGINX, resources, createNamespace: true, hostNetwork: true, relax: [SecurityRelaxation.HOST_NETWORK] });
    expect(namespaceWarnings(agents)).toEqual([]);
  });

  test('a relaxation that relaxes nothing is refused: it would lower the Namespace\'s level for nothing', () => {
    const chart = shop();
    expect(refusalOf(() => new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, relax: [SecurityRelaxation.HOST_NETWORK] })))
      .toMatchObject({
        constructPath: 'shop/Web',
        prop: 'relax[0]',
        value: 'host-network',
        problem: 'the pods are not on the node\'s network (no hostNetwork), so it relaxes nothing, and would lower the Pod Security level of the namespace',
      });
    // Node paths may be mounted after construction: read when synthesized.
    const other = shop();
    new WebService(other, 'Web', { name: 'web', image: NGINX, port: 8080, resources, securityProfile: SecurityProfile.BASELINE, relax: [SecurityRelaxation.HOST_PATH] });
    expect(() => synth(other)).toThrow('[shop/Web/Release/Workload] invalid relax[0] "host-path": the pods mount no node path (hostPath), so it relaxes '
      + 'nothing, and would lower the Pod Security level of the namespace. Expected only the relaxations the pods need.');
  });

  test('going into the chart\'s namespace makes no Namespace', () => {
    const chart = shop();
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    expect(synth(chart).filter((m) => m.kind === 'Namespace')).toEqual([]);
  });

  test('a chart without a namespace has none to create', () => {
    const chart = new Chart(Testing.app(), 'plain');
    expect(() => new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true })).toThrow(
      /plain\/Web: invalid createNamespace true: the chart has no namespace to create\. Expected a chart with a namespace/);
  });
});

describe('platform defaults end to end', () => {
  /** What a platform team ships: a chart that sets the organisation's defaults once. */
  class AcmeChart extends Chart {
    constructor(scope: Construct, id: string) {
      super(scope, id, { namespace: id });
      PlatformDefaults.set(this, {
        imageRegistry: 'registry.acme.example',
        allowedImageRegistries: ['registry.acme.example'],
        cpuRequest: kplus.Cpu.millis(50),
        memoryRequest: Size.mebibytes(96),
        memoryLimit: Size.mebibytes(512),
        storageClassName: 'acme-ssd',
        ingressClassName: 'acme-nginx',
        tlsIssuer: TlsIssuer.clusterIssuer('acme-ca'),
        prometheusSelectorLabels: { prometheus: 'acme' },
        runbookUrlTemplate: 'https://runbooks.acme.example/{alert}',
        monitoringMode: MonitoringMode.POD_MONITOR,
      });
    }
  }

  test('three different applications follow the organisation\'s settings', () => {
    const app = Testing.app();
    const shopChart = new AcmeChart(app, 'shop');
    const web = new WebService(shopChart, 'Web', {
      name: 'web',
      image: ContainerImage.fromReference('shop/web:2.0.0'),
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
      publish: { hosts: ['shop.acme.example'] },
      monitoring: { metrics: { portName: 'metrics' } },
    });
    const db = new StatefulService(shopChart, 'Db', {
      name: 'db',
      image: ContainerImage.fromReference('shop/postgres:16.3'),
      ports: [{ name: 'pg', number: 5432 }],
      runAsUser: 999,
      replicaStorage: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: Size.gibibytes(10) }],
    });
    const reportsChart = new AcmeChart(app, 'reports');
    const report = new ScheduledJob(reportsChart, 'Report', { name: 'report', image: ContainerImage.fromReference('reports/nightly:1.0.0'), schedule: CronSchedule.daily() });
    const manifests = [...synth(shopChart), ...synth(reportsChart)];
    for (const pattern of [web, db, report]) {
      const main = podOf(manifests, pattern).spec.containers[0];
      expect(main.image.startsWith('registry.acme.example/')).toBe(true);
      expect(main.resources).toEqual({ requests: { cpu: '50m', memory: '96Mi' }, limits: { memory: '512Mi' } });
      expect(only(manifests, 'PrometheusRule', `${pattern.name}-alerts`).metadata.labels.prometheus).toBe('acme');
      const runbooks = only(manifests, 'PrometheusRule', `${pattern.name}-alerts`).spec.groups[0].rules.map((r: any) => r.annotations.runbook_url);
      expect(runbooks.every((u: string) => u.startsWith('https://runbooks.acme.example/'))).toBe(true);
    }
    expect(only(manifests, 'StatefulSet').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('acme-ssd');
    expect(only(manifests, 'Ingress').spec.ingressClassName).toBe('acme-nginx');
    expect(only(manifests, 'Ingress').metadata.annotations['cert-manager.io/cluster-issuer']).toBe('acme-ca');
    expect(only(manifests, 'PodMonitor').metadata.labels.prometheus).toBe('acme');
    expect(manifests.filter((m) => m.kind === 'ServiceMonitor')).toEqual([]);
  });

  test('and the policy: an image from another registry is refused in every pattern', () => {
    const app = new App({ outdir: Testing.app().outdir });
    for (const [kind, make] of PATTERNS) {
      const chart = new AcmeChart(app, kind.toLowerCase());
      expect(() => make(chart, { name: 'app', image: ContainerImage.fromReference('docker.io/library/nginx:1.27.3') })).toThrow(/registry/);
    }
  });
});

describe('refused', () => {
  test.each<[Partial<AppPatternProps>, RegExp]>([
    [{ port: 8080, ports: [{ name: 'http', number: 8080 }] }, /shop\/Web: invalid port 8080: `ports` is given too\. Expected either `port` \(one port named "http"\) or `ports`\./],
    [{ monitor: false, monitoring: {} }, /invalid monitoring {}: the monitoring is switched off \(`monitor: false`\)/],
    [{ name: 'Web' }, /shop\/Web: invalid name "Web"/],
    [{ port: 8080, claims: [{ name: 'Data', mountPath: '/data', size: Size.gibibytes(1) }] }, /invalid claims\[0\]\.name "Data"/],
  ])('%#', (props, message) => {
    expect(() => new WebService(shop(), 'Web', { name: 'web', image: NGINX, resources, ...props })).toThrow(message);
  });

  test('two claims of one name, in every pattern', () => {
    const accessModes = [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY];
    const claims = [
      { name: 'uploads', mountPath: '/srv/uploads', size: Size.gibibytes(1), accessModes },
      { name: 'cache', mountPath: '/srv/cache', size: Size.gibibytes(1), accessModes },
      { name: 'uploads', mountPath: '/srv/other', size: Size.gibibytes(2), accessModes },
    ];
    const app = new App({ outdir: Testing.app().outdir });
    for (const [kind, make] of PATTERNS) {
      // A namespace per chart: two applications named `app` in one namespace would clash (their objects have the same names).
      const chart = new Chart(app, kind.toLowerCase(), { namespace: kind.toLowerCase() });
      let error: unknown;
      try {
        make(chart, { name: 'app', image: NGINX, port: 8080, resources, claims });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppflowInputError);
      expect(error).toMatchObject({
        prop: 'claims[2].name',
        value: 'uploads',
        problem: 'claims[0] has the same name (the claim would be app-uploads twice)',
        accepted: 'claim names unique in the application: one entry per claim',
      });
    }
  });

  test('monitor: false makes no monitoring', () => {
    const chart = shop();
    const web = new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, monitor: false });
    expect(web.monitoring).toBeUndefined();
    expect(synth(chart).map((m) => m.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Service']);
    expect(Warnings.of(chart)).toEqual([]);
  });
});

describe('monitor: false keeps the probes, which belong to the pods', () => {
  test.each(PATTERNS)('%s: the same readiness probe as with the monitoring (none for jobs), and no monitoring object', (kind, make) => {
    const readiness = (monitor: boolean) => {
      const chart = shop({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115' });
      const pattern = make(chart, { name: 'app', image: NGINX, port: 8080, resources, monitor });
      const manifests = synth(chart);
      if (!monitor) {
        expect(manifests.filter((m) => ['Probe', 'PrometheusRule', 'ConfigMap', 'ServiceMonitor', 'PodMonitor'].includes(m.kind))).toEqual([]);
      }
      return podOf(manifests, pattern).spec.containers[0].readinessProbe;
    };
    const isJob = kind === 'BatchJob' || kind === 'ScheduledJob';
    expect(readiness(false)).toEqual(isJob ? undefined : { tcpSocket: { port: 'http' } });
    expect(readiness(false)).toEqual(readiness(true));
  });

  test('on every track of a release', () => {
    const chart = shop();
    new WebService(chart, 'Web', {
      name: 'web',
      image: NGINX,
      port: 8080,
      resources,
      monitor: false,
      release: ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE }),
    });
    const deployments = synth(chart).filter((m) => m.kind === 'Deployment');
    expect(deployments.map((d) => [d.metadata.name, d.spec.template.spec.containers[0].readinessProbe])).toEqual([
      ['web-blue', { tcpSocket: { port: 'http' } }],
      ['web-green', { tcpSocket: { port: 'http' } }],
    ]);
  });
});

describe('the objects of the applications have names of their own in the App', () => {
  const OVERWRITE = 'both would be written, and on apply the last would overwrite the first';
  const FIX = 'another name for one of the two (for an application, its name: the names of its objects derive from it), or another namespace for one of them '
    + '(a chart with another namespace)';

  test('two applications of one name in one chart', () => {
    const chart = shop();
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    expect(refusalOf(() => new WebService(chart, 'Web2', { name: 'web', image: NGINX, port: 8080, resources }))).toMatchObject({
      constructPath: 'shop/Web2',
      prop: 'name',
      value: 'web',
      problem: 'the Deployment "web" (API group apps, namespace "shop") made at shop/Web2/Release/Workload/Resource/Resource has the API group, kind, '
        + `namespace and name of the one made at shop/Web/Release/Workload/Resource/Resource: ${OVERWRITE}`,
      accepted: FIX,
    });
  });

  test('a clash of an object named after the application (its alerts): reported against the name written', () => {
    const chart = shop();
    new WebService(chart, 'Web', { name: 'report', image: NGINX, port: 8080, resources });
    expect(refusalOf(() => new ScheduledJob(chart, 'Job', { name: 'report', image: NGINX, schedule: CronSchedule.daily(), resources }))).toMatchObject({
      constructPath: 'shop/Job',
      prop: 'name',
      value: 'report',
      problem: 'its PrometheusRule "report-alerts" (API group monitoring.coreos.com, namespace "shop") made at shop/Job/Monitoring/Alerts/Resource has '
        + `the API group, kind, namespace and name of the one made at shop/Web/Monitoring/Alerts/Resource: ${OVERWRITE}`,
      accepted: FIX,
    });
  });

  test('two applications of one name in two charts of one namespace: their claims too', () => {
    const app = Testing.app();
    const accessModes = [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY];
    new WebService(new Chart(app, 'front', { namespace: 'shop' }), 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, claims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1), accessModes }],
    });
    expect(refusalOf(() => new NodeDaemon(new Chart(app, 'agents', { namespace: 'shop' }), 'Web', {
      name: 'web', image: NGINX, resources, claims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(5), accessModes }],
    }))).toMatchObject({
      constructPath: 'agents/Web/Claim-data',
      prop: 'name',
      value: 'web-data',
      problem: 'the PersistentVolumeClaim "web-data" (API group core, namespace "shop") made at agents/Web/Claim-data/Resource/Resource has the API '
        + `group, kind, namespace and name of the one made at front/Web/Claim-data/Resource/Resource: ${OVERWRITE}`,
      accepted: FIX,
    });
  });

  test('an application named as a derived object of another: web-canary beside the canary of web, in either order', () => {
    const canaryOf = (chart: Chart) => new WebService(chart, 'Web', {
      name: 'web', image: NGINX, port: 8080, resources, release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.4-alpine'), weight: 10 }),
    });
    const webCanary = (chart: Chart) => new WebService(chart, 'WebCanary', { name: 'web-canary', image: NGINX, port: 8080, resources });
    const first = shop();
    canaryOf(first);
    expect(refusalOf(() => webCanary(first))).toMatchObject({
      constructPath: 'shop/WebCanary',
      value: 'web-canary',
      problem: expect.stringMatching(/^the Deployment "web-canary" \(API group apps, namespace "shop"\) made at shop\/WebCanary\/Release\/Workload\/Resource\/Resource has .* of the one made at shop\/Web\/Release\/Canary\/Resource\/Resource: /),
    });
    const second = shop();
    webCanary(second);
    expect(refusalOf(() => canaryOf(second))).toMatchObject({
      constructPath: 'shop/Web',
      value: 'web-canary',
      problem: expect.stringMatching(/of the one made at shop\/WebCanary\/Release\/Workload\/Resource\/Resource: /),
    });
  });

  test('an application named as the headless Service of a stateful one', () => {
    const chart = shop();
    new StatefulService(chart, 'Db', { name: 'db', image: NGINX, ports: [{ name: 'pg', number: 5432 }], resources });
    expect(refusalOf(() => new WebService(chart, 'Web', { name: 'db-headless', image: NGINX, port: 8080, resources }))).toMatchObject({
      value: 'db-headless', problem: expect.stringMatching(/^the Service "db-headless" \(API group core, namespace "shop"\) .* of the one made at shop\/Db\/Workload\/HeadlessService\/Resource: /),
    });
  });

  test('no clash: other namespaces, other Apps, other names; one Namespace shared by the applications of a chart', () => {
    const app = Testing.app();
    for (const namespace of ['shop', 'staging']) {
      new WebService(new Chart(app, namespace, { namespace }), 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    }
    new WebService(shop(), 'Web', { name: 'web', image: NGINX, port: 8080, resources });
    const chart = shop();
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    new WebService(chart, 'Api', { name: 'api', image: NGINX, port: 8080, resources, createNamespace: true });
    new WebService(chart, 'Preview', { name: 'web-preview', image: NGINX, port: 8080, resources, createNamespace: true });
    expect(synth(chart).filter((m) => m.kind === 'Namespace')).toHaveLength(1);
  });

  test('two charts of one namespace that both make the Namespace', () => {
    const app = Testing.app();
    new WebService(new Chart(app, 'front', { namespace: 'shop' }), 'Web', { name: 'web', image: NGINX, port: 8080, resources, createNamespace: true });
    expect(refusalOf(() => new WebService(new Chart(app, 'back', { namespace: 'shop' }), 'Api', {
      name: 'api', image: NGINX, port: 8080, resources, createNamespace: true,
    }))).toMatchObject({
      constructPath: 'back/Api',
      prop: 'createNamespace',
      // What the user wrote, not the Namespace's name.
      value: true,
      problem: `its Namespace "shop" (API group core, cluster-scoped) made at back/AppflowNamespace/Resource has the API group, kind, namespace and name of the one made at front/AppflowNamespace/Resource: ${OVERWRITE}`,
      accepted: 'createNamespace in one chart of the namespace only (its applications share the Namespace), or charts of different namespaces',
    });
  });
});

describe('a canary\'s monitors carry the version users reach', () => {
  test('the ServiceMonitor of a canary by route weight is labelled with the stable track\'s version, as its Service is', () => {
    const chart = shop();
    new WebService(chart, 'Web', {
      name: 'web',
      image: NGINX,
      version: '1.4.2',
      port: 8080,
      resources,
      release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.4-alpine'), weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }),
      monitoring: { metrics: { portName: 'http' } },
    });
    const manifests = synth(chart);
    expect(only(manifests, 'ServiceMonitor').metadata.labels['app.kubernetes.io/version']).toBe(only(manifests, 'Service', 'web').metadata.labels['app.kubernetes.io/version']);
    expect(only(manifests, 'ServiceMonitor').metadata.labels['app.kubernetes.io/version']).toBe('1.4.2');
  });
});

describe('a blue/green web service, published and monitored', () => {
  function foo(active: BlueGreenTrack) {
    const chart = shop({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115' });
    const web = new WebService(chart, 'Foo', {
      name: 'foo',
      image: ContainerImage.fromReference('registry.example.com/foo:1.0.0'),
      port: 8080,
      resources,
      release: ReleaseStrategy.blueGreen({ active, greenImage: ContainerImage.fromReference('registry.example.com/foo:1.1.0') }),
      publish: { hosts: ['foo.example.com'] },
      monitoring: { metrics: { portName: 'http' } },
    });
    return { chart, web };
  }

  test('the alerts and the dashboard watch both tracks', () => {
    const { chart, web } = foo(BlueGreenTrack.BLUE);
    expect(web.monitoring?.application).toMatchObject({
      workloadName: 'foo-blue',
      workloadNames: ['foo-blue', 'foo-green'],
      podNamePattern: `foo-blue-${DEPLOYMENT_POD}|foo-green-${DEPLOYMENT_POD}`,
    });
    const rules = only(synth(chart), 'PrometheusRule').spec.groups[0].rules;
    expect(rules.find((r: any) => r.alert === 'FooReplicasUnavailable').expr).toContain('deployment=~"foo-blue|foo-green"');
    expect(rules.find((r: any) => r.alert === 'FooPodCrashLooping').expr).toContain(`pod=~"foo-blue-${DEPLOYMENT_POD}|foo-green-${DEPLOYMENT_POD}"`);
    // The ServiceMonitor scrapes the active track through foo and the idle one through foo-preview: TargetDown covers both.
    expect(rules.find((r: any) => r.alert === 'FooTargetDown').expr).toBe('up{namespace="shop", service=~"foo|foo-preview"} == 0');
  });

  test('the switch still touches only the Services\' selectors', () => {
    const before = ManifestYaml.ofChart(foo(BlueGreenTrack.BLUE).chart).split('\n');
    const after = ManifestYaml.ofChart(foo(BlueGreenTrack.GREEN).chart).split('\n');
    expect(after.length).toBe(before.length);
    const changed = before.map((line, i) => ({ i, before: line, after: after[i] })).filter((l) => l.before !== l.after);
    expect(changed.map((c) => `${c.before.trim()} -> ${c.after.trim()}`)).toEqual([
      'cdk8s-appflow/track: blue -> cdk8s-appflow/track: green',
      'cdk8s-appflow/track: green -> cdk8s-appflow/track: blue',
    ]);
    for (const c of changed) {
      expect(before.slice(0, c.i).reverse().find((l) => l.startsWith('# '))).toMatch(/^# Service shop\/foo(-preview)? \(v1\)$/);
    }
  });
});

describe('TargetDown covers the scrape targets of every release track', () => {
  test.each<[string, () => ReleaseStrategy, string]>([
    ['a canary by replicas: one Service over both tracks', () => ReleaseStrategy.canary({ image: NGINX, weight: 50 }), 'service="web"'],
    ['a canary by route weight: the stable and the canary Services', () => ReleaseStrategy.canary({ image: NGINX, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }),
      'service=~"web|web-canary"'],
  ])('%s', (_what, release, matcher) => {
    const chart = shop();
    const web = new WebService(chart, 'Web', {
      name: 'web',
      image: NGINX,
      replicas: 2,
      resources,
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
      release: release(),
      monitoring: { metrics: { portName: 'metrics' } },
    });
    const rules = only(synth(chart), 'PrometheusRule').spec.groups[0].rules;
    expect(rules.find((r: any) => r.alert === 'WebTargetDown').expr).toBe(`up{namespace="shop", ${matcher}} == 0`);
    expect(web.monitoring?.application.scrapeTargetMatchers).toBe(`namespace="shop", ${matcher}`);
  });

  test('a PodMonitor selects the pods of every track; scrape annotations go on every track', () => {
    for (const mode of [MonitoringMode.POD_MONITOR, MonitoringMode.ANNOTATIONS]) {
      const chart = shop();
      new WebService(chart, 'Web', {
        name: 'web',
        image: NGINX,
        resources,
        ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
        release: ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE }),
        monitoring: { metrics: { portName: 'metrics', mode } },
      });
      const manifests = synth(chart);
      const deployments = manifests.filter((m) => m.kind === 'Deployment');
      if (mode === MonitoringMode.POD_MONITOR) {
        const selector = only(manifests, 'PodMonitor').spec.selector.matchLabels;
        expect(selector['cdk8s-appflow/track']).toBeUndefined();
        expect(deployments.map((d) => Object.entries(selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v))).toEqual([true, true]);
      } else {
        expect(deployments.map((d) => d.spec.template.metadata.annotations['prometheus.io/scrape'])).toEqual(['true', 'true']);
        const targetDown = only(manifests, 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'WebTargetDown');
        expect(targetDown.expr).toBe(`up{namespace="shop", pod=~"web-blue-${DEPLOYMENT_POD}|web-green-${DEPLOYMENT_POD}"} == 0`);
      }
    }
  });
});

describe('the validation plugin finds nothing in a web service released by default', () => {
  const NEXT = ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.4-alpine');
  /** Published with an HTTPRoute of the Gateway `gateways/public`. */
  const BY_ROUTE = { hosts: ['shop.example.com'], mode: PublishMode.GATEWAY_ROUTE, gateway: { name: 'public', namespace: 'gateways' } };
  test.each<[string, () => ReleaseStrategy, AppPublicationOptions | undefined]>([
    ['a rolling release', () => ReleaseStrategy.rolling(), undefined],
    ['a canary by replicas', () => ReleaseStrategy.canary({ image: NEXT, weight: 10 }), undefined],
    // The canary's own Service gets a share of the traffic: one pod would fail that share while it restarts or its
    // node drains (min-replicas), so the canary has two pods by default. A canary with a Service of its own is
    // published: otherwise nothing sends it its share (canary-reached).
    ['a canary by route weight', () => ReleaseStrategy.canary({ image: NEXT, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }), BY_ROUTE],
    ['a canary by ingress-nginx annotations', () => ReleaseStrategy.canary({ image: NEXT, weight: 10, traffic: CanaryTraffic.NGINX_ANNOTATIONS }),
      { hosts: ['shop.example.com'], ingressClassName: 'nginx' }],
    ['blue/green, with its preview Service', () => ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, greenImage: NEXT }), undefined],
    ['blue/green, without a preview Service', () => ReleaseStrategy.blueGreen({ active: BlueGreenTrack.GREEN, greenImage: NEXT, previewService: false }), undefined],
  ])('%s', (_what, release, publish) => {
    const chart = shop({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115' });
    new WebService(chart, 'Web', {
      name: 'web',
      image: NGINX,
      port: 8080,
      resources: { ...resources, memoryLimit: Size.mebibytes(128) },
      release: release(),
      monitoring: { metrics: { portName: 'http' } },
      publish,
    });
    expect(check(synth(chart)).findings.map((f) => `${f.rule} ${f.resource.kind} ${f.resource.name}: ${f.message}`)).toEqual([]);
  });

  test.each([CanaryTraffic.ROUTE_WEIGHT, CanaryTraffic.NGINX_ANNOTATIONS])('a canary by %s that is not published: nothing sends it its share', (traffic) => {
    const chart = shop();
    new WebService(chart, 'Web', {
      name: 'web',
      image: NGINX,
      port: 8080,
      resources: { ...resources, memoryLimit: Size.mebibytes(128) },
      release: ReleaseStrategy.canary({ image: NEXT, weight: 10, traffic }),
    });
    const appliedRules = RULES.filter((r) => r.family === 'works-when-applied').map((r) => r.id);
    const findings = check(synth(chart)).findings.filter((f) => appliedRules.includes(f.rule));
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.resource.kind} ${f.resource.name} at ${f.path}`))
      .toEqual(['error canary-reached Service web-canary at spec.selector["cdk8s-appflow/track"]']);
    expect(findings[0].message).toBe('Service shop/web-canary selects the pods of the canary track, and no Ingress, HTTPRoute or GRPCRoute of the manifests sends '
      + 'traffic to it: no user reaches the canary, and nothing applies its share of the traffic');
  });

  test('a MySQL StatefulService: only its single replica, which is its default (a black-box check that fits, alerts that match)', () => {
    const chart = shop({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115', monitoringNamespace: 'monitoring' });
    const mysql = new StatefulService(chart, 'Mysql', {
      name: 'mysql',
      image: ContainerImage.fromReference('mysql:8.4.3'),
      ports: [{ name: 'mysql', number: 3306 }, { name: 'metrics', number: 9104 }],
      runAsUser: 999,
      resources: { ...resources, memoryLimit: Size.mebibytes(128) },
      monitoring: { metrics: { portName: 'metrics' } },
    });
    new WebService(chart, 'Web', { name: 'web', image: NGINX, port: 8080, resources: { ...resources, memoryLimit: Size.mebibytes(128) }, connections: [{ to: mysql }] });
    expect(check(synth(chart)).findings.map((f) => `${f.rule} ${f.resource.kind} ${f.resource.name}`)).toEqual(['min-replicas StatefulSet mysql']);
  });
});

