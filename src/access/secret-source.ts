import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recordSecretUse } from './secret-source-uses';
import { checkInteger, checkObject, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';

/**
 * Options of {@link SecretSource.envValue}.
 */
export interface SecretEnvValueOptions {
  /**
   * Whether the pod starts when the Secret or the key does not exist (the variable is then unset).
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Options of {@link SecretSource.envFrom}.
 */
export interface SecretEnvFromOptions {
  /**
   * A prefix for the names of the variables (each key of the Secret becomes a variable).
   *
   * @default - the keys as they are
   */
  readonly prefix?: string;
}

/**
 * Options of {@link SecretSource.volume}.
 */
export interface SecretVolumeOptions {
  /**
   * The name of the volume (a DNS-1123 label, unique in the pod).
   *
   * @default - the name of the Secret
   */
  readonly name?: string;

  /**
   * The keys to write as files, each to a path relative to the mount point.
   *
   * @default - every key, as a file of its name
   */
  readonly items?: { [key: string]: string };

  /**
   * The permission bits of the files, e.g. `0o440`.
   *
   * @default 0o644 (Kubernetes' default)
   */
  readonly defaultMode?: number;
}

/**
 * A Secret that the pods of an application read, and whose values are not written in the manifests unless asked:
 * an existing one ({@link ExistingSecretSource}), one that the External Secrets Operator keeps in step with a secret
 * manager ({@link ExternalSecretSource}), or, by explicit opt-in, one made at synth from the environment or a file
 * ({@link GeneratedSecretSource}).
 *
 * It declares its keys, and gives what the containers and volumes of cdk8s-plus-34 (and of this library) take: an
 * environment variable from one key (`envValue`), every key as variables (`envFrom`), and the keys as files
 * (`volume`). A key that the source does not declare is refused.
 */
export abstract class SecretSource extends Construct {
  private declaredName = '';
  private declaredKeys: string[] = [];
  private reference?: kplus.ISecret;

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The name of the Secret the pods read. */
  public get secretName(): string {
    return this.declaredName;
  }

  /** The keys of the Secret. Returns a copy. */
  public get keys(): string[] {
    return [...this.declaredKeys];
  }

  /** The Secret, as cdk8s-plus-34 refers to it (e.g. for `StorageVolume.fromSecret`). */
  public get secret(): kplus.ISecret {
    if (this.reference === undefined) {
      throw new Error(`${this.node.path}: the SecretSource declares no Secret (a bug of its subclass: it must call declareSecret)`);
    }
    return this.reference;
  }

  /**
   * An environment variable whose value is one key of the Secret: for the `env` of a container.
   *
   * @param key a key of the Secret
   */
  public envValue(key: string, options: SecretEnvValueOptions = {}): kplus.EnvValue {
    this.checkKey('envValue(key)', key);
    checkObject(this, 'envValue(options)', options, 'options such as { optional: true }, or none');
    return recordSecretUse(this, kplus.EnvValue.fromSecretValue({ secret: this.secret, key }, { optional: options.optional }));
  }

  /**
   * Every key of the Secret as an environment variable: for the `envFrom` of a container.
   */
  public envFrom(options: SecretEnvFromOptions = {}): kplus.EnvFrom {
    checkObject(this, 'envFrom(options)', options, 'options such as { prefix: "DB_" }, or none');
    if (options.prefix !== undefined) {
      FormatRule.ENV_VAR_NAME.check(this, 'envFrom(options).prefix', options.prefix);
    }
    return recordSecretUse(this, new kplus.EnvFrom(undefined, options.prefix, this.secret));
  }

  /**
   * A volume with the keys of the Secret as files (read-only, in memory on the node): for the `volumes` of a
   * workload, mounted by its containers.
   */
  public volume(options: SecretVolumeOptions = {}): kplus.Volume {
    checkObject(this, 'volume(options)', options, 'options such as { name: "db-credentials", items: { password: "password.txt" } }, or none');
    const nameProp = options.name === undefined ? 'volume(options).name (by default the name of the Secret)' : 'volume(options).name';
    const name = FormatRule.DNS1123_LABEL.check(this, nameProp, options.name ?? this.secretName);
    const items = checkObject(this, 'volume(options).items', options.items, 'a map of keys to relative paths, e.g. { password: "password.txt" }');
    for (const key of Object.keys(items ?? {})) {
      this.checkKey('volume(options).items', key);
      const path = items![key];
      if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) {
        throw inputError(this, `volume(options).items.${key}`, path, 'it is not a relative path inside the volume',
          'a relative path without ".." segments, e.g. "password.txt" or "db/password"');
      }
    }
    if (options.defaultMode !== undefined) {
      checkInteger(this, 'volume(options).defaultMode', options.defaultMode, { min: 0, max: 0o777, what: 'permission bits (e.g. 0o440)' });
    }
    const id = `Volume-${name}`;
    if (this.node.tryFindChild(id) !== undefined) {
      throw inputError(this, nameProp, name, 'the source already made a volume of this name',
        'the volume made before (one volume serves every container of the pod), or another name');
    }
    return recordSecretUse(this, kplus.Volume.fromSecret(this, id, this.secret, {
      name,
      defaultMode: options.defaultMode,
      items: items === undefined ? undefined : Object.fromEntries(Object.keys(items).map((key) => [key, { path: items[key] }])),
    }));
  }

  /**
   * Declares the Secret and its keys (each a ConfigMap or Secret key, once): for the constructors of the subclasses.
   *
   * @param prop the prop that holds the keys, for errors
   */
  protected declareSecret(secretName: string, keys: string[], prop: string, secret?: kplus.ISecret): void {
    FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', secretName);
    if (keys.length === 0) {
      throw inputError(this, prop, keys, 'the Secret declares no key', 'at least one key, each a key of the Secret that the pods read');
    }
    keys.forEach((key, i) => {
      FormatRule.CONFIG_KEY.check(this, `${prop}[${i}]`, key);
      if (keys.indexOf(key) !== i) {
        throw inputError(this, `${prop}[${i}]`, key, 'the key is declared twice', 'each key of the Secret once');
      }
    });
    this.declaredName = secretName;
    this.declaredKeys = [...keys];
    this.reference = recordSecretUse(this, secret ?? kplus.Secret.fromSecretName(this, 'Secret', secretName));
  }

  private checkKey(prop: string, key: string): void {
    if (!this.declaredKeys.includes(key)) {
      throw inputError(this, prop, key, `the Secret ${JSON.stringify(this.secretName)} declares no such key (its keys: ${this.declaredKeys.join(', ')})`,
        `one of the keys the source declares: ${this.declaredKeys.map((k) => JSON.stringify(k)).join(', ')}`);
    }
  }
}
