/**
 * The vocabulary of publishing (step 5) that platform defaults set: how applications are published, the Gateway routes
 * attach to, the cert-manager issuer. Declared in core/ because `PlatformDefaultValues` names it, and core/ imports
 * no step.
 */
/**
 * How applications are published to users outside the cluster.
 */
export enum PublishMode {
  /** An Ingress (networking.k8s.io/v1), served by the cluster's ingress controller. */
  INGRESS = 'ingress',
  /** A Gateway API HTTPRoute, attached to a Gateway that the platform owns. */
  GATEWAY_ROUTE = 'gateway-route',
}

/**
 * A Gateway (Gateway API) that routes attach to.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
 */
export interface GatewayReference {
  /** The name of the Gateway. */
  readonly name: string;
  /**
   * The namespace of the Gateway.
   *
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * The listener of the Gateway to attach to.
   *
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
}

/**
 * The kind of cert-manager issuer named by a {@link TlsIssuer}.
 */
export enum TlsIssuerKind {
  /** A cert-manager `ClusterIssuer`, usable from every namespace. */
  CLUSTER_ISSUER = 'ClusterIssuer',
  /** A cert-manager `Issuer`, usable from its own namespace. */
  ISSUER = 'Issuer',
}

/**
 * The cert-manager issuer that signs TLS certificates for published hosts.
 *
 * @see https://cert-manager.io/docs/usage/ingress/
 */
export class TlsIssuer {
  /**
   * A cert-manager `ClusterIssuer` (annotation `cert-manager.io/cluster-issuer`).
   *
   * @param name the name of the ClusterIssuer, e.g. `letsencrypt-prod`
   */
  public static clusterIssuer(name: string): TlsIssuer {
    return new TlsIssuer(TlsIssuerKind.CLUSTER_ISSUER, name);
  }

  /**
   * A cert-manager `Issuer` in the application's namespace (annotation `cert-manager.io/issuer`).
   *
   * @param name the name of the Issuer
   */
  public static issuer(name: string): TlsIssuer {
    return new TlsIssuer(TlsIssuerKind.ISSUER, name);
  }

  /** The kind of issuer. */
  public readonly kind: TlsIssuerKind;
  /** The name of the issuer. */
  public readonly name: string;

  private constructor(kind: TlsIssuerKind, name: string) {
    this.kind = kind;
    this.name = name;
  }

  /**
   * The annotation that asks cert-manager for a certificate from this issuer.
   */
  public get annotationKey(): string {
    return this.kind === TlsIssuerKind.CLUSTER_ISSUER ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
  }
}
