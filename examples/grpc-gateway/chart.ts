import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppGrpcRoute, ContainerImage, HealthProbe, PlatformDefaults, RouteFilter, WebService } from 'cdk8s-appflow';

/**
 * A gRPC service behind a Gateway: `orders` (the `shop.v1.Orders` service) as a `WebService` whose pods serve gRPC on
 * 9000 and metrics on 9090, with gRPC health probes, and a GRPCRoute that publishes its `shop.v1.Orders` calls at
 * grpc.example.com through the platform's Gateway (`public` in `gateways`, listener `grpc`, which terminates TLS).
 * The health and reflection services of the server stay inside the cluster: the route matches only the public service.
 */
export class GrpcGatewayChart extends Chart {
  public readonly orders: WebService;
  public readonly route: AppGrpcRoute;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'orders', ...props });

    // The platform: the Gateway that routes attach to (its listener `grpc` serves HTTPS with HTTP/2 on 443), and
    // kube-prometheus-stack in `monitoring`.
    PlatformDefaults.set(this, {
      gateway: { name: 'public', namespace: 'gateways', sectionName: 'grpc' },
      monitoringNamespace: 'monitoring',
      prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
    });

    this.orders = new WebService(this, 'Orders', {
      name: 'orders',
      version: '1.4.0',
      component: 'api',
      partOf: 'shop',
      image: ContainerImage.fromReference('registry.example.com/shop/orders:1.4.0'),
      ports: [{ name: 'grpc', number: 9000 }, { name: 'metrics', number: 9090 }],
      replicas: 3,
      runAsUser: 10001,
      runAsGroup: 10001,
      resources: {
        cpuRequest: kplus.Cpu.millis(200),
        memoryRequest: Size.mebibytes(128),
        memoryLimit: Size.mebibytes(256),
      },
      // The Gateway speaks HTTP/2 without TLS (h2c) to the pods: the port says so (appProtocol).
      servicePorts: [{ name: 'grpc', port: 9000, appProtocol: 'kubernetes.io/h2c' }, { name: 'metrics', port: 9090 }],
      monitoring: {
        // The standard gRPC health service (grpc.health.v1.Health) of the server: ready when it says SERVING, and up
        // to a minute to start.
        probes: {
          readiness: HealthProbe.grpc({ portName: 'grpc' }),
          startup: HealthProbe.grpc({ portName: 'grpc', period: Duration.seconds(2), failureThreshold: 30 }),
        },
        metrics: { portName: 'metrics' },
      },
      createNamespace: true,
    });

    // The calls of shop.v1.Orders at grpc.example.com go to the pods' gRPC port; a header that only the cluster's own
    // clients may set is removed from the calls that come through the Gateway. Synth writes https://grpc.example.com/ to
    // dist-side-files/urls/orders.txt.
    this.route = new AppGrpcRoute(this, 'Route', {
      name: 'orders',
      hostnames: ['grpc.example.com'],
      rules: [{
        method: { service: 'shop.v1.Orders' },
        backends: [{ service: this.orders.service!, portName: 'grpc' }],
        filters: [RouteFilter.modifyRequestHeaders({ remove: ['x-internal-user'] })],
      }],
    });
  }
}
