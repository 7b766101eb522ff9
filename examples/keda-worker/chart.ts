import { ApiObject, Chart, ChartProps, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  AppIdentity, AppTriggerAuthentication, ContainerImage, ExternalSecretSource, ScalingTrigger, SecretStoreRef, StatelessWorkload,
} from 'cdk8s-appflow';

/**
 * A queue worker scaled by KEDA on the length of its RabbitMQ queue, down to zero pods when the queue is empty.
 *
 * - The worker is a `StatelessWorkload` (a Deployment; no Service: nothing calls it, it pulls its work from the queue)
 *   with `eventScaling`: a ScaledObject (keda.sh/v1alpha1) with a `rabbitmq` trigger in `QueueLength` mode, one replica
 *   per 20 waiting messages, at most 30, none while the queue is empty (5 minutes after the last message). The
 *   Deployment has no `replicas`: KEDA owns the count.
 * - The RabbitMQ connection string, with its password, is in Vault: an `ExternalSecretSource` (the External Secrets
 *   Operator keeps the Secret `orders-rabbitmq` in step with `shop/rabbitmq`) gives it to the worker's pods as
 *   `RABBITMQ_URL`, and to KEDA through a TriggerAuthentication (the scaler's parameter `host`). No password is in the
 *   manifests.
 * - A pod that KEDA stops gets 60 seconds to finish the message it holds (the worker stops taking new ones on SIGTERM).
 */
export class KedaWorkerChart extends Chart {
  public readonly rabbitmq: ExternalSecretSource;
  public readonly authentication: AppTriggerAuthentication;
  public readonly worker: StatelessWorkload;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'keda-worker', ...props });

    // The Namespace, first in the manifests, enforcing the restricted profile that the worker's pods meet.
    const namespace = new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: this.namespace!,
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.27' },
      },
    });
    // A Namespace is cluster-scoped: it has no namespace of its own (cdk8s gives every object the chart's).
    ApiObject.of(namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    this.rabbitmq = new ExternalSecretSource(this, 'RabbitMq', {
      name: 'orders-rabbitmq',
      store: SecretStoreRef.cluster('vault'),
      keys: [{ key: 'url', remoteKey: 'shop/rabbitmq', property: 'url' }],
    });
    this.authentication = new AppTriggerAuthentication(this, 'RabbitMqAuth', {
      name: 'orders-rabbitmq',
      secrets: [{ parameter: 'host', source: this.rabbitmq, key: 'url' }],
    });

    this.worker = new StatelessWorkload(this, 'Worker', {
      identity: new AppIdentity(this, 'Identity', { name: 'orders-worker', version: '3.2.0', component: 'worker', partOf: 'shop' }),
      runAsUser: 10001,
      runAsGroup: 10001,
      terminationGracePeriod: Duration.seconds(60),
      container: {
        image: ContainerImage.fromReference('registry.example.com/shop/orders-worker:3.2.0'),
        args: ['--queue=orders', '--prefetch=10'],
        env: { RABBITMQ_URL: this.rabbitmq.envValue('url') },
        resources: {
          cpuRequest: kplus.Cpu.millis(200),
          memoryRequest: Size.mebibytes(256),
          memoryLimit: Size.mebibytes(512),
        },
      },
      eventScaling: {
        minReplicas: 0,
        maxReplicas: 30,
        triggers: [ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 20, authentication: this.authentication })],
      },
    });
    for (const child of this.node.children) {
      if (child !== namespace) {
        child.node.addDependency(namespace);
      }
    }
  }
}
