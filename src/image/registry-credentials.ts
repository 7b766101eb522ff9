import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct, IConstruct } from 'constructs';
import { ExternalSecretSource, RemoteSecretRef } from '../access/external-secret-source';
import { checkRemoteRef } from '../access/remote-secret-refs';
import { SecretSource } from '../access/secret-source';
import { readSynthInput } from '../access/synth-input';
import { checkInstance, checkObject, checkProps, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { addToListField, checkPodObject, podSpecPath } from '../core/patches';
import { SecretStoreRef } from '../core/secret-store-ref';
import { Warnings } from '../core/warnings';

/** The key of a pull Secret (type `kubernetes.io/dockerconfigjson`). */
const DOCKER_CONFIG_KEY = '.dockerconfigjson';
/** The type of a pull Secret. */
const DOCKER_CONFIG_TYPE = 'kubernetes.io/dockerconfigjson';
const REGISTRY = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$/;

/**
 * How to make a pull Secret from a registry login. The password is read at synth time from an environment
 * variable or a file, never written in the source.
 *
 * The password then lands in the synthesized YAML (base64 is an encoding, not encryption): anyone who can read
 * `dist/` or the repository it is committed to can read it. Prefer `RegistryCredentials.fromSecretName()` with
 * a Secret created in the cluster (by an operator such as External Secrets, or by `kubectl create secret
 * docker-registry`).
 */
export interface RegistryLoginProps {
  /**
   * The registry host (and port), as images name it, e.g. `registry.example.com` or `ghcr.io`.
   */
  readonly registry: string;

  /**
   * The user name.
   */
  readonly username: string;

  /**
   * The environment variable that holds the password (or token) at synth time. Give this or `passwordFile`.
   *
   * @default - the password is read from `passwordFile`
   */
  readonly passwordEnv?: string;

  /**
   * A file that holds the password (or token) at synth time; a trailing newline is dropped. Give this or
   * `passwordEnv`.
   *
   * @default - the password is read from `passwordEnv`
   */
  readonly passwordFile?: string;

  /**
   * The name of the Secret.
   *
   * @default - derived from the registry host: `registry-example-com-pull` for `registry.example.com`
   */
  readonly secretName?: string;
}

/**
 * How to make a pull Secret with the External Secrets Operator: from a registry login whose password (or token) is in
 * a secret manager, or from a whole `.dockerconfigjson` kept there. The manifests hold an ExternalSecret that names where
 * the values are, never the values.
 *
 * @see https://external-secrets.io/latest/guides/common-k8s-secret-types/#dockerconfigjson-example
 */
export interface RegistryExternalSecretProps {
  /**
   * The store to read from (a SecretStore of the namespace, or a ClusterSecretStore).
   *
   * @default - the platform default `secretStore` (refused when there is none)
   */
  readonly store?: SecretStoreRef;

  /**
   * The registry host (and port), as images name it, e.g. `registry.example.com`: for a login (`username` and
   * `password`).
   *
   * @default - none: the secret manager holds a whole `dockerConfigJson`
   */
  readonly registry?: string;

  /**
   * The user name of the login (not a secret: written in the ExternalSecret's template).
   *
   * @default - none: the secret manager holds a whole `dockerConfigJson`
   */
  readonly username?: string;

  /**
   * Where the password (or token) of the login is in the secret manager. Give this (with `registry` and `username`) or
   * `dockerConfigJson`.
   *
   * @default - the secret manager holds a whole `dockerConfigJson`
   */
  readonly password?: RemoteSecretRef;

  /**
   * Where a whole `.dockerconfigjson` (`{"auths": {...}}`) is in the secret manager. Give this or a login (`registry`,
   * `username`, `password`).
   *
   * @default - a login
   */
  readonly dockerConfigJson?: RemoteSecretRef;

  /**
   * The name of the ExternalSecret and of the pull Secret it makes.
   *
   * @default - derived from the registry host: `registry-example-com-pull` for `registry.example.com`; required
   * with `dockerConfigJson`
   */
  readonly secretName?: string;

  /**
   * How often the values are read again from the secret manager.
   *
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/**
 * Credentials to pull images from a private registry: a `kubernetes.io/dockerconfigjson` Secret, existing or
 * made here, that pods (or a ServiceAccount) name in `imagePullSecrets`.
 *
 * Any number of them can be attached to one pod (cdk8s-plus-34's `dockerRegistryAuth` takes only one).
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
 */
export class RegistryCredentials {
  /**
   * Credentials in an existing Secret of type `kubernetes.io/dockerconfigjson` (recommended: the manifests
   * then hold no password).
   *
   * @param secretName the name of the Secret, in the namespace of the pods
   */
  public static fromSecretName(secretName: string): RegistryCredentials {
    return new RegistryCredentials(secretName);
  }

  /**
   * Makes a `kubernetes.io/dockerconfigjson` Secret from a registry login whose password is read at synth time
   * from an environment variable or a file. The password lands in the synthesized YAML: see
   * {@link RegistryLoginProps}.
   *
   * @throws when the registry or the Secret name is invalid, when neither or both password sources are given,
   * or when the variable is unset or the file is missing or empty
   */
  public static fromLogin(scope: Construct, id: string, props: RegistryLoginProps): RegistryCredentials {
    const holder = new Construct(scope, id);
    checkRegistry(holder, props.registry);
    checkUsername(holder, props.username);
    const secretName = FormatRule.DNS1123_SUBDOMAIN.check(holder, 'secretName', props.secretName ?? defaultSecretName(props.registry));
    const password = readSynthInput(holder, {
      envProp: 'passwordEnv', fileProp: 'passwordFile', env: props.passwordEnv, file: props.passwordFile, what: 'the password',
    });
    const auth = Buffer.from(`${props.username}:${password}`).toString('base64');
    new kplus.DockerConfigSecret(holder, 'Secret', {
      metadata: { name: secretName },
      data: { auths: { [props.registry]: { username: props.username, password, auth } } },
    });
    Warnings.add(holder, `the password of the registry login ${JSON.stringify(props.username)} at ${props.registry} is written into the synthesized `
      + `manifests (the Secret ${JSON.stringify(secretName)}): anyone who reads them, or the repository they are committed to, reads it. Use `
      + 'RegistryCredentials.fromExternalSecret or fromSecretName to keep it out');
    return new RegistryCredentials(secretName);
  }

  /**
   * Makes a pull Secret with the External Secrets Operator (an ExternalSecret of external-secrets.io/v1 whose template
   * has the type `kubernetes.io/dockerconfigjson`): from a login whose password is in the secret manager, or from a
   * whole `.dockerconfigjson` kept there. The manifests hold no password.
   *
   * @throws when neither or both of a login and `dockerConfigJson` are given, or a value is invalid
   */
  public static fromExternalSecret(scope: Construct, id: string, props: RegistryExternalSecretProps): RegistryCredentials {
    const holder = new Construct(scope, id);
    checkProps(holder, props, 'the props of the pull Secret: { store, registry, username, password } or { store, dockerConfigJson, secretName }');
    const login = props.registry !== undefined || props.username !== undefined || props.password !== undefined;
    if (login === (props.dockerConfigJson !== undefined)) {
      throw inputError(holder, 'password/dockerConfigJson', props.dockerConfigJson ?? props.password, login ? 'both a login and a whole .dockerconfigjson are given' : 'neither is given',
        'a login (registry, username and password: where the password is in the secret manager) or dockerConfigJson (where a whole .dockerconfigjson is)');
    }
    if (!login) {
      checkRemoteRef(holder, 'dockerConfigJson', checkObject(holder, 'dockerConfigJson', props.dockerConfigJson, 'an object such as { remoteKey: "ci/registry" }')!);
      if (props.secretName === undefined) {
        throw inputError(holder, 'secretName', props.secretName, 'no registry names the pull Secret', 'the name of the pull Secret, e.g. "registry-pull"');
      }
      const source = new ExternalSecretSource(holder, 'ExternalSecret', {
        name: props.secretName,
        store: props.store,
        refreshInterval: props.refreshInterval,
        keys: [{ key: DOCKER_CONFIG_KEY, ...props.dockerConfigJson! }],
        template: { type: DOCKER_CONFIG_TYPE },
      });
      return new RegistryCredentials(source.secretName, source);
    }
    checkRegistry(holder, props.registry);
    checkUsername(holder, props.username);
    if (/["\\{}\u0000-\u001f]/.test(props.username!)) {
      throw inputError(holder, 'username', props.username, 'it holds a quote, a backslash, a brace or a control character, which the template cannot hold',
        'a user name of printable characters other than ", \\, {, } and ":"');
    }
    if (props.password === undefined) {
      throw inputError(holder, 'password', props.password, 'the login names no password',
        'where the password (or token) is in the secret manager, e.g. { remoteKey: "ci/registry", property: "token" }');
    }
    checkRemoteRef(holder, 'password', checkObject(holder, 'password', props.password, 'an object such as { remoteKey: "ci/registry", property: "token" }')!);
    const registry = props.registry!;
    const username = props.username!;
    const source = new ExternalSecretSource(holder, 'ExternalSecret', {
      name: props.secretName ?? defaultSecretName(registry),
      store: props.store,
      refreshInterval: props.refreshInterval,
      keys: [{ key: 'password', ...props.password! }],
      template: {
        type: DOCKER_CONFIG_TYPE,
        // The operator's template engine (Go templates with Sprig): the auth field is base64 of "user:password".
        data: { [DOCKER_CONFIG_KEY]: `{"auths":{"${registry}":{"username":"${username}","auth":"{{ printf "%s:%s" "${username}" .password | b64enc }}"}}}` },
      },
    });
    return new RegistryCredentials(source.secretName, source);
  }

  /**
   * Credentials in the Secret of a {@link SecretSource} that holds a `.dockerconfigjson` (an existing pull Secret, or
   * an ExternalSecret whose template makes one).
   *
   * @throws when the source does not declare the key `.dockerconfigjson`
   */
  public static fromSecretSource(source: SecretSource): RegistryCredentials {
    if (!(source instanceof SecretSource)) {
      throw new Error(`RegistryCredentials.fromSecretSource: invalid source ${JSON.stringify(String(source))}: it is not a SecretSource. Expected an `
        + 'ExistingSecretSource or ExternalSecretSource of a pull Secret.');
    }
    if (!source.keys.includes(DOCKER_CONFIG_KEY)) {
      throw inputError(source, 'keys', source.keys, `a pull Secret holds the key ${DOCKER_CONFIG_KEY} (type ${DOCKER_CONFIG_TYPE}), and the source declares only ${source.keys.join(', ')}`,
        `a source of a pull Secret, whose keys are [${JSON.stringify(DOCKER_CONFIG_KEY)}]`);
    }
    return new RegistryCredentials(source.secretName, source);
  }

  /**
   * Adds credentials to the `imagePullSecrets` of a cdk8s-plus-34 pod or workload (Pod, Deployment,
   * StatefulSet, DaemonSet, Job, CronJob). A Secret given to cdk8s-plus-34 as `dockerRegistryAuth` is kept.
   */
  public static addToPods(pod: kplus.AbstractPod, credentials: RegistryCredentials[]): void {
    checkPodObject(undefined, 'RegistryCredentials.addToPods(pod)', pod);
    checkCredentials(pod, 'RegistryCredentials.addToPods(credentials)', credentials);
    addToListField(ApiObject.of(pod), `${podSpecPath(pod)}/imagePullSecrets`, credentials.map((c) => ({ name: c.secretName })),
      () => (pod.dockerRegistryAuth ? [{ name: pod.dockerRegistryAuth.name }] : []));
  }

  /**
   * Adds credentials to the `imagePullSecrets` of a cdk8s-plus-34 ServiceAccount: every pod that runs under it
   * gets them.
   */
  public static addToServiceAccount(serviceAccount: kplus.ServiceAccount, credentials: RegistryCredentials[]): void {
    checkInstance(undefined, 'RegistryCredentials.addToServiceAccount(serviceAccount)', serviceAccount, kplus.ServiceAccount, 'a cdk8s-plus-34 ServiceAccount',
      'a cdk8s-plus-34 ServiceAccount; an application\'s own: its `serviceAccount`');
    checkCredentials(serviceAccount, 'RegistryCredentials.addToServiceAccount(credentials)', credentials);
    addToListField(ApiObject.of(serviceAccount), '/imagePullSecrets', credentials.map((c) => ({ name: c.secretName })));
  }

  /** The name of the Secret that holds the credentials. */
  public readonly secretName: string;

  /** The source of the pull Secret, when it is one (`fromExternalSecret`, `fromSecretSource`). */
  public readonly source?: SecretSource;

  private constructor(secretName: string, source?: SecretSource) {
    this.secretName = secretName;
    this.source = source;
  }
}

/**
 * Refuses a list of credentials that is not one, an item that is not RegistryCredentials (a Secret's name as a string),
 * and a Secret name that no Secret can have (`fromSecretName("Registry_Pull")`): the pods would get no credentials.
 */
export function checkCredentials(scope: IConstruct, prop: string, credentials: unknown): void {
  const accepted = 'RegistryCredentials.fromSecretName(...), .fromExternalSecret(...), .fromSecretSource(...) or .fromLogin(...)';
  if (!Array.isArray(credentials)) {
    throw inputError(scope, prop, credentials, `it is ${kindOfValue(credentials)}, not a list`, `a list of ${accepted}`);
  }
  credentials.forEach((c, i) => {
    if (!(c instanceof RegistryCredentials)) {
      throw inputError(scope, `${prop}[${i}]`, c, 'it is not RegistryCredentials', typeof c === 'string' ? `RegistryCredentials.fromSecretName(${JSON.stringify(c)})` : accepted);
    }
    FormatRule.DNS1123_SUBDOMAIN.check(scope, `${prop}[${i}]`, c.secretName);
  });
}

function checkRegistry(scope: Construct, registry: unknown): void {
  if (typeof registry !== 'string' || !REGISTRY.test(registry)) {
    throw inputError(scope, 'registry', registry, 'it is not a registry host with an optional port',
      'a registry host as images name it, without scheme or path (e.g. "registry.example.com" or "localhost:5000")');
  }
}

function checkUsername(scope: Construct, username: unknown): void {
  if (typeof username !== 'string' || username === '' || username.includes(':')) {
    throw inputError(scope, 'username', username, 'it is empty or contains ":"', 'a non-empty user name without ":"');
  }
}

/** The name of a registry's pull Secret: `registry-example-com-pull` for `registry.example.com`. */
function defaultSecretName(registry: string): string {
  return `${registry.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-pull`;
}
