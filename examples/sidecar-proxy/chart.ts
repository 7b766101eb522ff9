import * as path from 'path';
import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ConfigFiles, ContainerImage, HealthProbe, MonitoringPart, StorageVolume, WebService } from 'cdk8s-appflow';

/**
 * A reverse proxy as a sidecar: nginx in front of the application `app`, in the same pod, behind one Service.
 *
 * The containers of a pod share its network namespace, so the app listens on 127.0.0.1:3000 only (nothing outside
 * the pod reaches it, and it needs no container port), and the proxy listens on the pod's port 8080 and forwards
 * to http://127.0.0.1:3000. The Service port 80 targets the proxy's port `http`; the probes go through the proxy
 * too (the kubelet probes the pod's IP, where the app does not listen). nginx's configuration is the file
 * nginx/default.conf beside this one, in a ConfigMap mounted at /etc/nginx/conf.d: a change to it rolls the pods.
 */
export class SidecarProxyChart extends Chart {
  public readonly app: WebService;
  public readonly proxyConfig: ConfigFiles;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'sidecar', ...props });

    this.app = new WebService(this, 'App', {
      name: 'app',
      version: '0.3.2',
      component: 'backend',
      image: ContainerImage.fromReference('app:0.3.2'),
      // Bound to the loopback interface: reachable from the proxy only. No container port is declared, because
      // none is open on the pod's IP (a declared port would be probed there, and fail).
      args: ['--listen', '127.0.0.1:3000'],
      runAsUser: 10001, // the pods' user; the proxy runs as nginx's own user below
      runAsGroup: 10001,
      replicas: 2,
      resources: {
        cpuRequest: kplus.Cpu.millis(100),
        memoryRequest: Size.mebibytes(128),
        memoryLimit: Size.mebibytes(256),
      },
      sidecars: [{
        name: 'proxy',
        image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine'),
        ports: [{ name: 'http', number: 8080 }],
        runAsUser: 101,
        resources: {
          cpuRequest: kplus.Cpu.millis(25),
          memoryRequest: Size.mebibytes(16),
          memoryLimit: Size.mebibytes(64),
        },
      }],
      // `ports` would be the main container's: the Service's port is the proxy's, named explicitly.
      servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }],
      monitoring: {
        probes: {
          container: 'proxy',
          // Ready when the app answers through the proxy: a pod whose app is down gets no traffic.
          readiness: HealthProbe.httpGet('/healthz', { portName: 'http' }),
          // Alive when nginx answers by itself (nginx/default.conf): an app that is down does not restart the proxy.
          liveness: HealthProbe.httpGet('/nginx-health', { portName: 'http', period: Duration.seconds(20) }),
        },
        // No Prometheus operator and no Grafana needed for this example: no alert rules, no dashboard.
        switchOff: [MonitoringPart.ALERTS, MonitoringPart.DASHBOARD],
      },
    });

    // nginx reads /etc/nginx/conf.d/*.conf: the ConfigMap's default.conf replaces the image's. The folder is found
    // from this file, wherever synth runs.
    this.proxyConfig = new ConfigFiles(this, 'ProxyConfig', {
      name: 'app-proxy-config',
      directory: path.join(__dirname, 'nginx'),
      identity: this.app.identity,
    });
    StorageVolume.fromConfigMap('proxy-config', this.proxyConfig.configMap).mountIn(this.app.workload, '/etc/nginx/conf.d', { containers: ['proxy'] });
  }
}
