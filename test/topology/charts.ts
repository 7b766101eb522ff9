/**
 * Charts made with the library's constructs, for the topology picture's tests.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  AccessGrant, AppGrpcRoute, AppIdentity, AppMonitoring, AppNetworkPolicy, AppPublication, AppRoute, AppService, AppServiceAccount,
  AppTriggerAuthentication, BlueGreenTrack, CanaryTraffic, ContainerImage, CronSchedule, ExistingSecretSource, ExternalSecretSource, IngressTls,
  NetworkPeer, NetworkPort, PersistentClaim, PlatformDefaults, ReleasedWorkload, ReleaseStrategy, ReplicaStorage, RouteMatchType, ScalingTrigger,
  ScheduledJob, SecretStoreRef, StatefulService, StatefulWorkload, StatelessWorkload, StorageVolume, TlsIssuer, WebService,
} from '../../src';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/web:2.0.0');
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };

/** The platform's monitoring stack, on the app. */
export function monitoredApp(): App {
  const app = Testing.app();
  PlatformDefaults.set(app, {
    blackboxExporterAddress: 'blackbox-exporter.monitoring.svc:9115',
    prometheusSelectorLabels: { release: 'kube-prometheus' },
    ingressControllerNamespace: 'ingress-nginx',
    monitoringNamespace: 'monitoring',
  });
  return app;
}

/**
 * A web shop in namespace `shop`: a web front end (autoscaled, an uploads claim, published over HTTPS on two paths,
 * monitored, alerted on, on a dashboard, behind a network policy) and a PostgreSQL StatefulSet with a claim per replica.
 */
export function webShop(app: App = monitoredApp()): Chart {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'web', component: 'frontend', partOf: 'shop' });
  const web = new StatelessWorkload(chart, 'Web', {
    identity,
    container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }], resources },
    autoscaling: { minReplicas: 2, maxReplicas: 6 },
  });
  const uploads = new PersistentClaim(chart, 'Uploads', {
    name: 'web-uploads', size: Size.gibibytes(20), identity, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
  });
  StorageVolume.fromClaim('uploads', uploads).mountIn(web, '/srv/uploads');
  const service = new AppService(chart, 'Service', { workload: web, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] });
  const publication = new AppPublication(chart, 'Publication', {
    name: 'web', hosts: ['shop.example.com'], paths: ['/', '/api'], service, tls: IngressTls.certManager(TlsIssuer.clusterIssuer('letsencrypt-prod')),
  });
  new AppMonitoring(chart, 'Monitoring', {
    workload: web, service, publication, metrics: { portName: 'metrics' }, alerts: {}, dashboard: { folder: 'Shop' },
  });
  new AppNetworkPolicy(chart, 'WebPolicy', {
    identity,
    allowFrom: [
      { peers: [NetworkPeer.ingressController()], ports: [NetworkPort.named('http')] },
      // Prometheus scrapes the metrics port; the blackbox exporter probes the Service's http port.
      { peers: [NetworkPeer.monitoring()], ports: [NetworkPort.named('metrics'), NetworkPort.named('http')] },
    ],
  });

  const dbIdentity = new AppIdentity(chart, 'DbIdentity', { name: 'postgres', component: 'database', partOf: 'shop' });
  const db = new StatefulWorkload(chart, 'Db', {
    identity: dbIdentity,
    container: { image: ContainerImage.fromReference('postgres:16.3'), ports: [{ name: 'postgres', number: 5432 }], resources },
  });
  ReplicaStorage.addTo(db, { name: 'data', mountPath: '/var/lib/postgresql/data', size: Size.gibibytes(10) });
  return chart;
}

/** A blue/green release of `foo` (blue active unless told), published by an Ingress. */
export function blueGreen(scope: Construct = Testing.app(), active: BlueGreenTrack = BlueGreenTrack.BLUE): Chart {
  const chart = new Chart(scope, 'foo', { namespace: 'foo' });
  const release = new ReleasedWorkload(chart, 'Foo', {
    identity: new AppIdentity(chart, 'Identity', { name: 'foo', partOf: 'demo' }),
    replicas: 2,
    container: { image: ContainerImage.fromReference('registry.example.com/foo:1.0.0'), ports: [{ name: 'http', number: 8080 }], resources },
    servicePorts: [{ name: 'http', port: 80 }],
    release: ReleaseStrategy.blueGreen({ active, greenImage: ContainerImage.fromReference('registry.example.com/foo:1.1.0') }),
  });
  new AppPublication(chart, 'Publication', { name: 'foo', hosts: ['foo.example.com'], release });
  return chart;
}

/** A canary of `bar` with 10% of the traffic by route weights, on an HTTPRoute attached to a Gateway in another namespace. */
export function canaryRoute(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'bar', { namespace: 'bar' });
  const release = new ReleasedWorkload(chart, 'Bar', {
    identity: new AppIdentity(chart, 'Identity', { name: 'bar' }),
    replicas: 4,
    container: { image: ContainerImage.fromReference('registry.example.com/bar:1.0.0'), ports: [{ name: 'http', number: 8080 }], resources },
    servicePorts: [{ name: 'http', port: 80 }],
    release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('registry.example.com/bar:1.1.0'), weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }),
  });
  new AppRoute(chart, 'Route', {
    name: 'bar',
    hostnames: ['bar.example.com'],
    gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' },
    rules: [{
      path: '/',
      backends: [
        { service: release.service, weight: 100 - release.canaryWeight! },
        { service: release.canaryService!, weight: release.canaryWeight! },
      ],
    }],
  });
  return chart;
}

/**
 * An API in namespace `shop` with an identity and secrets: its own ServiceAccount (with an API token) that a Role
 * lets read one ConfigMap and the ClusterRole `view` lets read the namespace; its database password from an
 * ExternalSecret of the ClusterSecretStore `vault`, and the key of its TLS certificate from an existing Secret.
 */
export function identityAndSecrets(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'api', { namespace: 'shop' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'api', partOf: 'shop' });
  const account = new AppServiceAccount(chart, 'Account', {
    identity,
    automountToken: true,
    grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'api-flags'), AccessGrant.clusterRole('view')],
  });
  const db = new ExternalSecretSource(chart, 'Db', {
    name: 'db-password',
    store: SecretStoreRef.cluster('vault'),
    keys: [{ key: 'password', remoteKey: 'shop/db', property: 'password' }],
  });
  const tls = new ExistingSecretSource(chart, 'Tls', { name: 'api-tls', keys: ['tls.crt', 'tls.key'] });
  new StatelessWorkload(chart, 'Api', {
    identity,
    serviceAccount: account,
    mountServiceAccountToken: true,
    container: {
      image: ContainerImage.fromReference('registry.example.com/shop/api:1.4.2'),
      ports: [{ name: 'http', number: 8080 }],
      env: { DB_PASSWORD: db.envValue('password'), TLS_KEY: tls.envValue('tls.key') },
      resources,
    },
  });
  return chart;
}

/**
 * A queue worker in namespace `jobs` that KEDA scales from 0 to 30 replicas on the length of its RabbitMQ queue, and on
 * its CPU; the connection string from an ExternalSecret of the ClusterSecretStore `vault`, to the pods and to KEDA
 * through a TriggerAuthentication.
 */
export function queueWorker(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'jobs', { namespace: 'jobs' });
  const rabbitmq = new ExternalSecretSource(chart, 'RabbitMq', {
    name: 'rabbitmq', store: SecretStoreRef.cluster('vault'), keys: [{ key: 'url', remoteKey: 'shop/rabbitmq', property: 'url' }],
  });
  const authentication = new AppTriggerAuthentication(chart, 'RabbitMqAuth', { name: 'rabbitmq', secrets: [{ parameter: 'host', source: rabbitmq, key: 'url' }] });
  new StatelessWorkload(chart, 'Worker', {
    identity: new AppIdentity(chart, 'Identity', { name: 'worker', partOf: 'shop' }),
    container: { image: ContainerImage.fromReference('registry.example.com/shop/worker:1.0.0'), env: { RABBITMQ_URL: rabbitmq.envValue('url') }, resources },
    eventScaling: {
      minReplicas: 0,
      maxReplicas: 30,
      triggers: [ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 20, authentication }), ScalingTrigger.cpu({ utilization: 80 })],
    },
  });
  return chart;
}

/**
 * A gRPC service `orders` in namespace `orders`, published at grpc.example.com through the Gateway `gateways/public`:
 * every method of `shop.v1.Orders`, one method of `shop.v1.Admin`, and the `Watch` methods of any `shop.v1` service
 * by a regular expression.
 */
export function grpcService(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'orders', { namespace: 'orders' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'orders', partOf: 'shop' });
  const workload = new StatelessWorkload(chart, 'Orders', {
    identity,
    container: { image: ContainerImage.fromReference('registry.example.com/shop/orders:1.4.0'), ports: [{ name: 'grpc', number: 9000 }], resources },
  });
  const service = new AppService(chart, 'Service', { workload, ports: [{ name: 'grpc', port: 9000, appProtocol: 'kubernetes.io/h2c' }] });
  new AppGrpcRoute(chart, 'Route', {
    name: 'orders',
    hostnames: ['grpc.example.com'],
    gateway: { name: 'public', namespace: 'gateways', sectionName: 'grpc' },
    rules: [
      { method: { service: 'shop.v1.Orders' }, backends: [{ service, portName: 'grpc' }] },
      { method: { service: 'shop.v1.Admin', method: 'Drain' }, backends: [{ service, portName: 'grpc' }] },
      { method: { service: 'shop\\.v1\\..*', method: 'Watch.*', type: RouteMatchType.REGULAR_EXPRESSION }, backends: [{ service, portName: 'grpc' }] },
    ],
  });
  return chart;
}

/**
 * The shop of the issue (#23): `web` released as a canary by ingress-nginx annotations (10% of the traffic) and
 * published over HTTPS, a MySQL `StatefulService` whose root password is an existing Secret, and a nightly `backup`;
 * web and backup connect to the database, whose NetworkPolicy lets them in.
 */
export function shopLike(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  PlatformDefaults.set(chart, {
    ingressClassName: 'nginx',
    tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod'),
    ingressControllerNamespace: 'ingress-nginx',
    monitoringNamespace: 'monitoring',
    prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
    blackboxExporterAddress: 'prometheus-blackbox-exporter.monitoring.svc:9115',
  });
  const rootPassword = kplus.Secret.fromSecretName(chart, 'RootPassword', 'mysql-root');
  const mysql = new StatefulService(chart, 'Mysql', {
    name: 'mysql',
    image: ContainerImage.fromReference('mysql:8.4.3'),
    ports: [{ name: 'mysql', number: 3306 }],
    replicas: 1,
    env: { MYSQL_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: rootPassword, key: 'password' }) },
    resources,
    replicaStorage: [{ name: 'data', mountPath: '/var/lib/mysql', size: Size.gibibytes(20) }],
    createNamespace: true,
  });
  new WebService(chart, 'Web', {
    name: 'web',
    image: ContainerImage.fromReference('registry.example.com/shop/web:2.3.1'),
    ports: [{ name: 'http', number: 8080 }],
    replicas: 4,
    release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('registry.example.com/shop/web:2.4.0-rc1'), weight: 10, traffic: CanaryTraffic.NGINX_ANNOTATIONS }),
    resources,
    servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }],
    publish: { hosts: ['shop.example.com'] },
    connections: [{ to: mysql }],
  });
  const backup = new ScheduledJob(chart, 'Backup', {
    name: 'mysql-backup',
    image: ContainerImage.fromReference('mysql:8.4.3'),
    command: ['sh', '-c', 'mysqldump --host="$MYSQL_HOST" --port="$MYSQL_PORT" shop > /backups/shop.sql'],
    resources,
    claims: [{ name: 'dumps', mountPath: '/backups', size: Size.gibibytes(50) }],
    schedule: CronSchedule.expression('0 3 * * *'),
  });
  backup.connectTo(mysql);
  return chart;
}

/**
 * A platform chart of `n` applications in namespace `platform`, each like the full-stack example's web application
 * (autoscaled, a claim, published over HTTPS, monitored, alerted on, on a dashboard, behind a NetworkPolicy), each
 * connecting to the next one.
 */
export function platform(n: number, app: App = monitoredApp()): Chart {
  const chart = new Chart(app, 'platform', { namespace: 'platform' });
  PlatformDefaults.set(chart, { ingressClassName: 'nginx' });
  const apps: WebService[] = [];
  for (let i = 0; i < n; i++) {
    const name = `app-${String(i).padStart(2, '0')}`;
    apps.push(new WebService(chart, name, {
      name,
      image: IMAGE,
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
      resources,
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      claims: [{ name: 'uploads', mountPath: '/srv/uploads', size: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] }],
      servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }, { name: 'metrics', port: 9090 }],
      publish: { hosts: [`${name}.example.com`], tls: IngressTls.certManager(TlsIssuer.clusterIssuer('letsencrypt-prod')) },
      monitoring: { metrics: { portName: 'metrics' }, alerts: {}, dashboard: { folder: 'Platform' } },
    }));
  }
  for (let i = 0; i + 1 < n; i++) {
    apps[i].connectTo(apps[i + 1]);
  }
  return chart;
}
