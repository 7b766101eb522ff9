import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AlertKind, AlertSeverity, AppIdentity, AppMonitoring, AppPublication, AppService, BatchWorkload, ContainerImage, IngressTls, PlatformDefaults,
  StatelessWorkload, TlsIssuer,
} from 'cdk8s-appflow';

const resources = {
  cpuRequest: kplus.Cpu.millis(50),
  cpuLimit: kplus.Cpu.millis(500),
  memoryRequest: Size.mebibytes(64),
  memoryLimit: Size.mebibytes(256),
};

/**
 * Step 6, monitor: a web shop watched from inside and from outside, and a nightly job.
 *
 * - the platform's monitoring stack, set once: the label the cluster's Prometheus selects monitors by, the
 *   blackbox exporter, a runbook URL per alert;
 * - the web application: a readiness probe on its HTTP port with a startup probe for a slow start, a ServiceMonitor
 *   of its metrics port, black-box checks of its Service inside the cluster and of its public URL, a
 *   PrometheusRule with the alerts that fit a Deployment, and a Grafana dashboard;
 * - the nightly export job: a PodMonitor (it has no Service) and an alert when the job fails.
 */
export class MonitoredShopChart extends Chart {
  public readonly web: AppMonitoring;
  public readonly export: AppMonitoring;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    PlatformDefaults.set(this, {
      prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
      blackboxExporterAddress: 'prometheus-blackbox-exporter.monitoring.svc:9115',
      runbookUrlTemplate: 'https://runbooks.example.com/shop/{alert}',
    });

    // The web application: serves on 8080 and its metrics (with an http_requests_total counter) on 8081.
    const identity = new AppIdentity(this, 'Identity', { name: 'storefront', version: '3.4.1', component: 'frontend', partOf: 'shop' });
    const web = new StatelessWorkload(this, 'Storefront', {
      identity,
      replicas: 3,
      runAsUser: 10001,
      container: {
        image: ContainerImage.fromReference('registry.example.com/shop/storefront:3.4.1'),
        ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 8081 }],
        resources,
      },
    });
    const service = new AppService(this, 'Service', { workload: web, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 8081 }] });
    const publication = new AppPublication(this, 'Publication', {
      name: 'storefront',
      hosts: ['shop.example.com'],
      service,
      tls: IngressTls.certManager(TlsIssuer.clusterIssuer('letsencrypt-prod')),
    });
    this.web = new AppMonitoring(this, 'StorefrontMonitoring', {
      workload: web,
      service,
      publication,
      defaultProbes: { readinessPath: '/ready', slowStart: Duration.minutes(2) },
      metrics: { port: 'metrics', requestCounter: 'http_requests_total' },
      alerts: { alertLabels: { team: 'shop' } },
      dashboard: { folder: 'Shop' },
      logs: { hints: { parser: 'json' } },
    });

    // The nightly export: a Job with a metrics port, scraped while it runs.
    const exportIdentity = new AppIdentity(this, 'ExportIdentity', { name: 'order-export', version: '3.4.1', component: 'batch', partOf: 'shop' });
    const job = new BatchWorkload(this, 'OrderExport', {
      identity: exportIdentity,
      runAsUser: 10001,
      container: {
        image: ContainerImage.fromReference('registry.example.com/shop/order-export:3.4.1'),
        ports: [{ name: 'metrics', number: 9091 }],
        resources,
      },
    });
    this.export = new AppMonitoring(this, 'OrderExportMonitoring', {
      workload: job,
      metrics: { port: 'metrics' },
      alerts: { alertLabels: { team: 'shop' }, severities: { [AlertKind.JOB_FAILED]: AlertSeverity.WARNING } },
    });
  }
}
