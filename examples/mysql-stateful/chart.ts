import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerImage, PlatformDefaults, StatefulService, WebService } from 'cdk8s-appflow';

/**
 * A MySQL database and the web application that uses it, each one application pattern:
 *
 * - MySQL as a `StatefulService`: a StatefulSet whose replica keeps its data on a claim of its own (`data-mysql-0`,
 *   20Gi at /var/lib/mysql, the data directory in it), the headless Service `mysql-headless` that gives each replica
 *   its DNS name (made by the stateful workload), and the Service `mysql` for the clients. It runs as the image's
 *   `mysql` user (uid and gid 999) under the restricted Pod Security profile, whose root filesystem is read-only:
 *   mysqld's socket and pid file go to a scratch volume at /var/run/mysqld (every container already gets a
 *   writable /tmp).
 * - The passwords come from the Secrets `mysql-root` and `mysql-shop`, which the manifests reference but never
 *   contain: they are created in the cluster, out of band (see the README).
 * - The web application as a `WebService` connected to MySQL: its containers get `MYSQL_HOST` and `MYSQL_PORT`, and
 *   MySQL's pods get a NetworkPolicy that lets in the web pods on 3306 and nothing else.
 */
export class MysqlStatefulChart extends Chart {
  public readonly mysql: StatefulService;
  public readonly web: WebService;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'mysql-stateful', ...props });

    // The label that kube-prometheus-stack's Prometheus selects PrometheusRules by.
    PlatformDefaults.set(this, { prometheusSelectorLabels: { release: 'kube-prometheus-stack' } });

    // References to Secrets that exist in the namespace: no Secret object is synthesized.
    const rootPassword = kplus.Secret.fromSecretName(this, 'RootPassword', 'mysql-root');
    const shopPassword = kplus.Secret.fromSecretName(this, 'ShopPassword', 'mysql-shop');

    this.mysql = new StatefulService(this, 'Mysql', {
      name: 'mysql',
      version: '8.4.3',
      component: 'database',
      partOf: 'shop',
      image: ContainerImage.fromReference('mysql:8.4.3'),
      ports: [{ name: 'mysql', number: 3306 }],
      // The data in a directory of the volume rather than at its root: a new ext4 volume holds lost+found, and
      // `mysqld --initialize` refuses a data directory that is not empty. (The image's entrypoint runs mysqld
      // with these arguments, and creates the directory.)
      args: ['--datadir=/var/lib/mysql/data'],
      // The image's mysql user. The entrypoint initializes the data directory as this user on the first start.
      runAsUser: 999,
      runAsGroup: 999,
      // The per-replica claim must be writable by that user: the volume is given to the group 999 (without
      // fsGroup, the pod would get its runAsGroup as fsGroup anyway; said here for the reader).
      fsGroup: 999,
      env: {
        MYSQL_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: rootPassword, key: 'password' }),
        // On the first start the entrypoint also creates the database `shop` and the user `shop` with all rights on it.
        MYSQL_DATABASE: kplus.EnvValue.fromValue('shop'),
        MYSQL_USER: kplus.EnvValue.fromValue('shop'),
        MYSQL_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: shopPassword, key: 'password' }),
      },
      resources: {
        cpuRequest: kplus.Cpu.millis(500),
        cpuLimit: kplus.Cpu.units(2),
        memoryRequest: Size.gibibytes(1),
        memoryLimit: Size.gibibytes(1),
      },
      replicaStorage: [{ name: 'data', mountPath: '/var/lib/mysql', size: Size.gibibytes(20) }],
      // mysqld writes its socket and pid file here.
      scratch: [{ name: 'run', mountPath: '/var/run/mysqld', sizeLimit: Size.mebibytes(16) }],
      // Time for InnoDB to flush and shut down cleanly before SIGKILL.
      terminationGracePeriod: Duration.seconds(60),
      // The Namespace, labelled to enforce the restricted profile.
      createNamespace: true,
    });

    this.web = new WebService(this, 'Web', {
      name: 'web',
      version: '2.0.0',
      component: 'frontend',
      partOf: 'shop',
      image: ContainerImage.fromReference('registry.example.com/shop/web:2.0.0'),
      port: 8080,
      replicas: 2,
      runAsUser: 10001,
      runAsGroup: 10001,
      env: {
        MYSQL_DATABASE: kplus.EnvValue.fromValue('shop'),
        MYSQL_USER: kplus.EnvValue.fromValue('shop'),
        MYSQL_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: shopPassword, key: 'password' }),
      },
      resources: {
        cpuRequest: kplus.Cpu.millis(100),
        memoryRequest: Size.mebibytes(128),
        memoryLimit: Size.mebibytes(256),
      },
      // MYSQL_HOST=mysql.mysql-stateful.svc.cluster.local and MYSQL_PORT=3306 in the web containers, and a
      // NetworkPolicy on MySQL's pods that lets in the web pods on 3306 only.
      connections: [{ to: this.mysql }],
      monitoring: { defaultProbes: { readinessPath: '/healthz' } },
      createNamespace: true,
    });
  }
}
