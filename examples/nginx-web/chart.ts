import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerImage, MonitoringPart, ServiceExposure, WebService } from 'cdk8s-appflow';

/**
 * The classic first deployment: an nginx web server in a Deployment of 3 replicas, reachable on port 80 of a
 * NodePort Service (and on a port of every node from outside the cluster).
 *
 * The image is nginx's unprivileged build: it listens on 8080 as user 101, so the pods meet the restricted Pod
 * Security Standard (non-root, read-only root filesystem with a writable /tmp, every capability dropped,
 * RuntimeDefault seccomp) without relaxing anything.
 */
export class NginxWebChart extends Chart {
  public readonly web: WebService;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'web', ...props });

    this.web = new WebService(this, 'Nginx', {
      name: 'nginx-web',
      version: '1.27.3',
      component: 'frontend',
      image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine'),
      port: 8080, // the container port `http`
      runAsUser: 101, // the image's nginx user
      runAsGroup: 101,
      replicas: 3,
      resources: {
        cpuRequest: kplus.Cpu.millis(50),
        memoryRequest: Size.mebibytes(32),
        memoryLimit: Size.mebibytes(128),
      },
      // Port 80 of the Service goes to the container port `http` (8080); Kubernetes picks the node port.
      servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }],
      serviceExposure: ServiceExposure.nodePort(),
      monitoring: {
        // A pod gets traffic once nginx answers GET / (the welcome page).
        defaultProbes: { readinessPath: '/' },
        // A first cluster (kind, minikube, ...) has no Prometheus operator for the alert rules (a PrometheusRule)
        // and no Grafana for the dashboard (a ConfigMap): neither is made.
        switchOff: [MonitoringPart.ALERTS, MonitoringPart.DASHBOARD],
      },
    });
  }
}
