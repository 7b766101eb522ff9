/**
 * The SecretStore or ClusterSecretStore of the External Secrets Operator that an {@link ExternalSecretSource} reads
 * from: where the secret manager (Vault, AWS Secrets Manager, Google Secret Manager, Azure Key Vault...) is, and how to
 * authenticate to it. The store is set up by the platform team, outside the application.
 *
 * @see https://external-secrets.io/latest/api/secretstore/
 */
export class SecretStoreRef {
  /**
   * A SecretStore in the namespace of the application.
   *
   * @param name the name of the SecretStore
   */
  public static namespaced(name: string): SecretStoreRef {
    return new SecretStoreRef('SecretStore', name);
  }

  /**
   * A ClusterSecretStore, which serves every namespace (or those it allows).
   *
   * @param name the name of the ClusterSecretStore
   */
  public static cluster(name: string): SecretStoreRef {
    return new SecretStoreRef('ClusterSecretStore', name);
  }

  /** The kind of the store: `SecretStore` or `ClusterSecretStore`. */
  public readonly kind: string;
  /** The name of the store. */
  public readonly name: string;

  private constructor(kind: string, name: string) {
    this.kind = kind;
    this.name = name;
  }
}
