import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';

/**
 * One source of a projected volume: keys of a ConfigMap or a Secret, fields of the pod (downward API), or a
 * token of the pod's ServiceAccount, all in one directory.
 *
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/
 */
export class ProjectedSource {
  /**
   * Keys of a ConfigMap, as files.
   *
   * @param items which keys, and where (relative paths); @default - every key, as a file of its name
   */
  public static configMap(configMap: kplus.IConfigMap, items?: { [key: string]: string }): ProjectedSource {
    return new ProjectedSource({ configMap: { name: configMap.name, items: keyToPath(items) } }, Object.values(items ?? {}));
  }

  /**
   * Keys of a Secret, as files.
   *
   * @param items which keys, and where (relative paths); @default - every key, as a file of its name
   */
  public static secret(secret: kplus.ISecret, items?: { [key: string]: string }): ProjectedSource {
    return new ProjectedSource({ secret: { name: secret.name, items: keyToPath(items) } }, Object.values(items ?? {}), undefined, secret);
  }

  /**
   * Fields of the pod as files (downward API), e.g. `{ 'labels': 'metadata.labels', 'name': 'metadata.name' }`.
   *
   * @param fields file paths (relative) mapped to field paths of the pod
   */
  public static podFields(fields: { [path: string]: string }): ProjectedSource {
    const items = Object.entries(fields).map(([path, fieldPath]) => ({ path, fieldRef: { fieldPath } }));
    return new ProjectedSource({ downwardApi: { items } }, Object.keys(fields));
  }

  /**
   * A token of the pod's ServiceAccount for an audience, renewed by the kubelet (e.g. to authenticate to Vault or a
   * cloud provider).
   *
   * @param path the file (relative)
   * @param audience who the token is for; @default - the API server
   * @param expiration how long a token lives, in whole seconds (at least 10 minutes; checked when the volume is
   * mounted); @default - one hour
   */
  public static serviceAccountToken(path: string, audience?: string, expiration?: Duration): ProjectedSource {
    return new ProjectedSource({ serviceAccountToken: { path, audience } }, [path], expiration);
  }

  /** @internal the source, in the typed shape of cdk8s-plus-34's L1 volume projection. */
  public readonly _source: kplus.k8s.VolumeProjection;
  /** @internal the relative paths the source writes, for checks. */
  public readonly _paths: string[];
  /**
   * @internal the life of a ServiceAccount token as given, checked (and written as `expirationSeconds`) when the
   * volume is mounted, where an error can name the workload and the prop.
   */
  public readonly _expiration?: Duration;
  /** @internal the Secret of a source of Secret keys, checked against the namespace of the pods it is mounted in. */
  public readonly _secret?: kplus.ISecret;

  private constructor(source: kplus.k8s.VolumeProjection, paths: string[], expiration?: Duration, secret?: kplus.ISecret) {
    this._source = source;
    this._paths = paths;
    this._expiration = expiration;
    this._secret = secret;
  }
}

function keyToPath(items: { [key: string]: string } | undefined): kplus.k8s.KeyToPath[] | undefined {
  return items ? Object.entries(items).map(([key, path]) => ({ key, path })) : undefined;
}
