import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkRemoteRef } from './remote-secret-refs';
import { SecretSource } from './secret-source';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind } from '../../imports/external-secrets.io';
import { checkList, checkObject, checkProps, checkSeconds, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { claimObjectName } from '../core/object-names';
import { PlatformDefaults } from '../core/platform-defaults';
import { SecretStoreRef } from '../core/secret-store-ref';

/**
 * Where a value is in the secret manager behind a store.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export interface RemoteSecretRef {
  /**
   * The key of the secret in the secret manager, e.g. `shop/db` (a Vault path, an AWS Secrets Manager name...).
   */
  readonly remoteKey: string;

  /**
   * The property of a structured (JSON) secret, e.g. `password`.
   *
   * @default - the whole value
   */
  readonly property?: string;

  /**
   * The version of the secret.
   *
   * @default - the latest version
   */
  readonly version?: string;
}

/**
 * One key of the Secret, and where its value comes from.
 */
export interface ExternalSecretKey extends RemoteSecretRef {
  /**
   * The key in the Secret, e.g. `password`.
   */
  readonly key: string;
}

/**
 * How the External Secrets Operator writes the Secret from the values it fetched.
 *
 * @see https://external-secrets.io/latest/guides/templating/
 */
export interface ExternalSecretTemplate {
  /**
   * The type of the Secret, e.g. `kubernetes.io/dockerconfigjson`.
   *
   * @default "Opaque"
   */
  readonly type?: string;

  /**
   * The keys of the Secret as templates of the fetched values (Go templates, engine v2, e.g.
   * `{ url: 'postgres://app:{{ .password }}@db:5432/shop' }`); then the Secret holds these keys, and only these.
   *
   * @default - the keys as fetched
   */
  readonly data?: { [key: string]: string };
}

/**
 * Properties of an {@link ExternalSecretSource}.
 */
export interface ExternalSecretSourceProps {
  /**
   * The name of the ExternalSecret and of the Secret it makes.
   */
  readonly name: string;

  /**
   * The store to read from.
   *
   * @default - the platform default `secretStore` (refused when there is none)
   */
  readonly store?: SecretStoreRef;

  /**
   * The keys of the Secret and where each value comes from.
   */
  readonly keys: ExternalSecretKey[];

  /**
   * How often the values are read again from the secret manager (zero: once).
   *
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;

  /**
   * How the Secret is written from the values.
   *
   * @default - an Opaque Secret of the keys as fetched
   */
  readonly template?: ExternalSecretTemplate;
}

/**
 * A Secret that the External Secrets Operator makes and keeps in step with a secret manager: the manifests hold an
 * `ExternalSecret` (external-secrets.io/v1) that names the store and where each key's value is, never the values.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 *
 * @example
 * const db = new ExternalSecretSource(this, 'Db', {
 *   name: 'shop-db',
 *   store: SecretStoreRef.cluster('vault'),
 *   keys: [{ key: 'password', remoteKey: 'shop/db', property: 'password' }],
 * });
 * db.envValue('password');
 */
export class ExternalSecretSource extends SecretSource {
  /** The ExternalSecret. */
  public readonly externalSecret: ExternalSecret;
  /** The store it reads from. */
  public readonly store: SecretStoreRef;

  constructor(scope: Construct, id: string, props: ExternalSecretSourceProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the ExternalSecret: { name, store, keys }');
    const store = props.store ?? PlatformDefaults.of(this).secretStore;
    if (!(store instanceof SecretStoreRef)) {
      throw inputError(this, 'store', props.store, store === undefined ? 'no store is given, and the platform defaults set no secretStore' : 'it is not a SecretStoreRef',
        'SecretStoreRef.cluster("vault") or SecretStoreRef.namespaced("vault"), or the platform default secretStore');
    }
    FormatRule.DNS1123_SUBDOMAIN.check(this, 'store.name', store.name);
    this.store = store;
    const keys = checkList(this, 'keys', props.keys, 'a list of keys and where their values are, e.g. [{ key: "password", remoteKey: "shop/db", property: "password" }]', 'object') ?? [];
    keys.forEach((k, i) => {
      FormatRule.CONFIG_KEY.check(this, `keys[${i}].key`, k.key);
      checkRemoteRef(this, `keys[${i}]`, k);
      if (keys.findIndex((other) => other.key === k.key) !== i) {
        throw inputError(this, `keys[${i}].key`, k.key, 'the key is declared twice', 'each key of the Secret once');
      }
    });
    const template = checkObject(this, 'template', props.template, 'a template such as { type: "kubernetes.io/dockerconfigjson", data: { ... } }');
    const templateData = checkObject(this, 'template.data', template?.data, 'a map of keys to templates, e.g. { url: "postgres://app:{{ .password }}@db/shop" }');
    if (template?.type !== undefined && (typeof template.type !== 'string' || template.type === '')) {
      throw inputError(this, 'template.type', template.type, 'it is not a Secret type', 'a Secret type such as "Opaque" or "kubernetes.io/dockerconfigjson"');
    }
    // With template data the Secret holds the keys of the template only (the operator's default merge policy, Replace).
    const secretKeys = templateData !== undefined ? Object.keys(templateData) : keys.map((k) => k.key);
    this.declareSecret(props.name, secretKeys, templateData !== undefined ? 'template.data' : 'keys');
    if (keys.length === 0) {
      throw inputError(this, 'keys', keys, 'the ExternalSecret fetches no value', 'at least one key and where its value is');
    }
    const refresh = checkSeconds(this, 'refreshInterval', props.refreshInterval ?? Duration.hours(1), { min: 0, what: 'a duration in whole seconds (zero: fetch once)' });

    this.externalSecret = new ExternalSecret(this, 'Resource', {
      metadata: { name: this.secretName },
      spec: {
        refreshInterval: goDuration(refresh),
        secretStoreRef: {
          kind: store.kind === 'ClusterSecretStore' ? ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE : ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
          name: store.name,
        },
        target: {
          name: this.secretName,
          template: template === undefined ? undefined : { type: template.type, data: templateData === undefined ? undefined : { ...templateData } },
        },
        data: keys.map((k) => ({ secretKey: k.key, remoteRef: { key: k.remoteKey, property: k.property, version: k.version } })),
      },
    });
    claimObjectName(this, 'name', ApiObject.of(this.externalSecret));
  }
}

/** Seconds as a Go duration, as the operator reads it: `1h`, `1h30m`, `90s` as `1m30s`, `0s`. */
function goDuration(seconds: number): string {
  if (seconds === 0) {
    return '0s';
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}
