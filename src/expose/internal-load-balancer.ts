import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';

/** An Azure subnet name: 1 to 80 letters, digits, `_`, `.` and `-`, from a letter or digit to a letter, digit or `_`. */
const AZURE_SUBNET = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

/**
 * Options of an internal load balancer on Azure.
 */
export interface AzureInternalLoadBalancerOptions {
  /**
   * The subnet of the cluster's virtual network that the load balancer's private address comes from.
   *
   * @see https://cloud-provider-azure.sigs.k8s.io/topics/loadbalancer/#loadbalancer-annotations
   * @default - the subnet of the cloud provider's configuration (the nodes' subnet)
   */
  readonly subnet?: string;
}

/**
 * A load balancer with a private address in the cloud network (reachable from the cluster's network and the networks
 * joined to it, not from the internet), by the annotations that each cloud's load balancer controller reads.
 *
 * @example
 * ServiceExposure.loadBalancer({ internal: InternalLoadBalancer.gke() });
 */
export class InternalLoadBalancer {
  /**
   * AWS: an internal Network Load Balancer made by the AWS Load Balancer Controller (v2.2 or later), which sends traffic
   * to the pods' addresses (IP targets: VPC CNI networking, and Fargate pods).
   *
   * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/
   */
  public static aws(): InternalLoadBalancer {
    return new InternalLoadBalancer('aws()', {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
    });
  }

  /**
   * Google Kubernetes Engine: an internal passthrough Network Load Balancer.
   *
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balancing
   */
  public static gke(): InternalLoadBalancer {
    return new InternalLoadBalancer('gke()', { 'networking.gke.io/load-balancer-type': 'Internal' });
  }

  /**
   * Azure (AKS, or the Azure cloud provider): an internal Azure load balancer, optionally in a subnet of its own.
   *
   * @see https://learn.microsoft.com/azure/aks/internal-lb
   */
  public static azure(options: AzureInternalLoadBalancerOptions = {}): InternalLoadBalancer {
    const subnet = typeof options === 'object' && options !== null ? options.subnet : undefined;
    return new InternalLoadBalancer('azure()', {
      'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
      ...(subnet === undefined ? {} : { 'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': subnet }),
    }, options);
  }

  /**
   * How the load balancer was declared, e.g. `InternalLoadBalancer.gke()`, for error messages.
   *
   * @internal
   */
  public readonly _declaration: string;
  private readonly settings: Record<string, string>;
  private readonly options: unknown;

  private constructor(factory: string, annotations: Record<string, string>, options: unknown = {}) {
    this._declaration = `InternalLoadBalancer.${factory}`;
    this.settings = annotations;
    this.options = options;
  }

  /**
   * The annotations of the Service that ask the cloud for an internal load balancer.
   */
  public get annotations(): Record<string, string> {
    return { ...this.settings };
  }

  /**
   * Checks the options and returns the annotations.
   *
   * @param scope the Service (named in errors)
   * @param prop the prop that holds the load balancer, e.g. `exposure.internal`
   * @internal
   */
  public _serviceAnnotations(scope: IConstruct, prop: string): Record<string, string> {
    if (typeof this.options !== 'object' || this.options === null || Array.isArray(this.options)) {
      throw inputError(scope, prop, this.options, `the options of ${this._declaration} are not an object`, 'InternalLoadBalancer.azure({ subnet: "apps" }), or no options');
    }
    const subnet = this.settings['service.beta.kubernetes.io/azure-load-balancer-internal-subnet'];
    if (subnet !== undefined && (typeof subnet !== 'string' || !AZURE_SUBNET.test(subnet))) {
      throw inputError(scope, `${prop}.subnet`, subnet, 'it is not an Azure subnet name',
        'the name of a subnet of the cluster\'s virtual network: 1 to 80 letters, digits, "_", "." and "-", starting with a letter or digit and ending with a letter, digit or "_"');
    }
    return this.annotations;
  }
}
