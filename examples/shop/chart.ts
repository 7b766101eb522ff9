import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  ContainerImage, CronSchedule, PlatformDefaults, ReleaseStrategy, ScheduledJob, StatefulService, TlsIssuer, WebService,
} from 'cdk8s-appflow';

/**
 * A shop as a new user writes it from the docs: three applications, each one pattern, on a platform whose defaults
 * are set once at the top of the chart.
 *
 * - `web`, the front end, as a `WebService`: a canary release of 2.4.0-rc1 next to the stable 2.3.1 (1 pod of 4),
 *   published at https://shop.example.com/ through ingress-nginx with a certificate from cert-manager, scraped on
 *   its metrics port, checked by the blackbox exporter from inside the cluster and from outside;
 * - `mysql`, the database, as a `StatefulService`: one replica with its own claim (`data-mysql-0`, 20Gi);
 * - `backup`, a nightly dump of the database, as a `ScheduledJob` that writes to a claim of its own.
 *
 * The web front end and the backup connect to MySQL: they get `MYSQL_HOST` and `MYSQL_PORT`, and MySQL's pods get a
 * NetworkPolicy that lets them in on 3306 (and the monitoring stack, which checks the port), and nothing else.
 */
export class ShopChart extends Chart {
  public readonly web: WebService;
  public readonly mysql: StatefulService;
  public readonly backup: ScheduledJob;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    // The platform (docs/monitor.md, docs/expose.md): ingress-nginx in `ingress-nginx`, cert-manager's ClusterIssuer
    // `letsencrypt-prod`, kube-prometheus-stack (release `kube-prometheus-stack`) and prometheus-blackbox-exporter in
    // `monitoring`.
    PlatformDefaults.set(this, {
      ingressClassName: 'nginx',
      tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod'),
      ingressControllerNamespace: 'ingress-nginx',
      monitoringNamespace: 'monitoring',
      prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
      blackboxExporterAddress: 'prometheus-blackbox-exporter.monitoring.svc:9115',
      runbookUrlTemplate: 'https://runbooks.example.com/{namespace}/{alert}',
    });

    // The shop's database account (MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD): one Secret, read by the server (whose
    // entrypoint creates the account on its first start) and by its clients; and the root password. Both exist in the
    // namespace: the manifests reference them and never contain them.
    const account = kplus.Env.fromSecret(kplus.Secret.fromSecretName(this, 'Account', 'mysql-shop'));
    const rootPassword = kplus.Secret.fromSecretName(this, 'RootPassword', 'mysql-root');

    this.mysql = new StatefulService(this, 'Mysql', {
      name: 'mysql',
      version: '8.4.3',
      component: 'database',
      partOf: 'shop',
      image: ContainerImage.fromReference('mysql:8.4.3'),
      ports: [{ name: 'mysql', number: 3306 }],
      // One server, without replication: a second replica would be a second, empty database behind the same Service.
      replicas: 1,
      // The data in a directory of the volume: `mysqld --initialize` refuses one that is not empty (lost+found).
      args: ['--datadir=/var/lib/mysql/data'],
      runAsUser: 999,
      runAsGroup: 999,
      fsGroup: 999,
      env: { MYSQL_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: rootPassword, key: 'password' }) },
      envFrom: [account],
      resources: {
        cpuRequest: kplus.Cpu.millis(500),
        cpuLimit: kplus.Cpu.units(2),
        memoryRequest: Size.gibibytes(1),
        memoryLimit: Size.gibibytes(1),
      },
      replicaStorage: [{ name: 'data', mountPath: '/var/lib/mysql', size: Size.gibibytes(20) }],
      // mysqld's socket and pid file (the root filesystem is read-only).
      scratch: [{ name: 'run', mountPath: '/var/run/mysqld', sizeLimit: Size.mebibytes(16) }],
      terminationGracePeriod: Duration.seconds(60),
      createNamespace: true,
    });

    this.web = new WebService(this, 'Web', {
      name: 'web',
      version: '2.3.1',
      component: 'frontend',
      partOf: 'shop',
      image: ContainerImage.fromReference('registry.example.com/shop/web:2.3.1'),
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
      replicas: 4, // in all: 3 stable, 1 canary
      release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('registry.example.com/shop/web:2.4.0-rc1'), weight: 25 }),
      runAsUser: 10001,
      runAsGroup: 10001,
      envFrom: [account],
      resources: {
        cpuRequest: kplus.Cpu.millis(100),
        memoryRequest: Size.mebibytes(128),
        memoryLimit: Size.mebibytes(256),
      },
      servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }, { name: 'metrics', port: 9090 }],
      publish: { hosts: ['shop.example.com'] },
      monitoring: {
        defaultProbes: { readinessPath: '/ready' },
        metrics: { portName: 'metrics', requestCounter: 'http_requests_total' },
        alerts: { alertLabels: { team: 'shop' } },
      },
      // MYSQL_HOST=mysql.shop.svc.cluster.local and MYSQL_PORT=3306, on both tracks.
      connections: [{ to: this.mysql }],
      createNamespace: true,
    });

    this.backup = new ScheduledJob(this, 'Backup', {
      name: 'mysql-backup',
      version: '8.4.3',
      component: 'backup',
      partOf: 'shop',
      // The mysql image has mysqldump; the dump goes to the claim, one file per night.
      image: ContainerImage.fromReference('mysql:8.4.3'),
      command: ['sh', '-c', 'export MYSQL_PWD="$MYSQL_PASSWORD" && exec mysqldump --host="$MYSQL_HOST" --port="$MYSQL_PORT" '
        + '--user="$MYSQL_USER" --single-transaction --result-file="/backups/shop-$(date +%Y%m%d).sql" "$MYSQL_DATABASE"'],
      runAsUser: 999,
      runAsGroup: 999,
      envFrom: [account],
      resources: {
        cpuRequest: kplus.Cpu.millis(250),
        memoryRequest: Size.mebibytes(256),
        memoryLimit: Size.mebibytes(512),
      },
      claims: [{ name: 'dumps', mountPath: '/backups', size: Size.gibibytes(50) }],
      schedule: CronSchedule.expression('0 3 * * *'),
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.minutes(30),
      backoffLimit: 2,
      activeDeadline: Duration.hours(2),
      monitoring: { alerts: { alertLabels: { team: 'shop' } } },
      createNamespace: true,
    });
    // MYSQL_HOST and MYSQL_PORT in the backup's container, and MySQL's NetworkPolicy opened to its pods.
    this.backup.connectTo(this.mysql);
  }
}
