import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { addToListField, podSpecPath } from '../core/patches';

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
 * Credentials to pull images from a private registry: a `kubernetes.io/dockerconfigjson` Secret, existing or
 * made here, that pods (or a ServiceAccount) name in `imagePullSecrets`.
 *
 * Any number of them can be attached to one pod (cdk8s-plus-27's `dockerRegistryAuth` takes only one).
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
    if (typeof props.registry !== 'string' || !REGISTRY.test(props.registry)) {
      throw inputError(holder, 'registry', props.registry, 'it is not a registry host with an optional port',
        'a registry host as images name it, without scheme or path (e.g. "registry.example.com" or "localhost:5000")');
    }
    if (typeof props.username !== 'string' || props.username === '' || props.username.includes(':')) {
      throw inputError(holder, 'username', props.username, 'it is empty or contains ":"', 'a non-empty user name without ":"');
    }
    const secretName = FormatRule.DNS1123_SUBDOMAIN.check(holder, 'secretName',
      props.secretName ?? `${props.registry.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-pull`);
    const password = readPassword(holder, props);
    const auth = Buffer.from(`${props.username}:${password}`).toString('base64');
    new kplus.DockerConfigSecret(holder, 'Secret', {
      metadata: { name: secretName },
      data: { auths: { [props.registry]: { username: props.username, password, auth } } },
    });
    return new RegistryCredentials(secretName);
  }

  /**
   * Adds credentials to the `imagePullSecrets` of a cdk8s-plus-27 pod or workload (Pod, Deployment,
   * StatefulSet, DaemonSet, Job, CronJob). A Secret given to cdk8s-plus-27 as `dockerRegistryAuth` is kept.
   */
  public static addToPods(pod: kplus.AbstractPod, credentials: RegistryCredentials[]): void {
    addToListField(ApiObject.of(pod), `${podSpecPath(pod)}/imagePullSecrets`, credentials.map((c) => ({ name: c.secretName })),
      () => (pod.dockerRegistryAuth ? [{ name: pod.dockerRegistryAuth.name }] : []));
  }

  /**
   * Adds credentials to the `imagePullSecrets` of a cdk8s-plus-27 ServiceAccount: every pod that runs under it
   * gets them.
   */
  public static addToServiceAccount(serviceAccount: kplus.ServiceAccount, credentials: RegistryCredentials[]): void {
    addToListField(ApiObject.of(serviceAccount), '/imagePullSecrets', credentials.map((c) => ({ name: c.secretName })));
  }

  /** The name of the Secret that holds the credentials. */
  public readonly secretName: string;

  private constructor(secretName: string) {
    this.secretName = secretName;
  }
}

function readPassword(scope: IConstruct, props: RegistryLoginProps): string {
  if ((props.passwordEnv === undefined) === (props.passwordFile === undefined)) {
    throw inputError(scope, 'passwordEnv/passwordFile', props.passwordEnv ?? props.passwordFile,
      props.passwordEnv === undefined ? 'neither is given' : 'both are given',
      'exactly one of passwordEnv (an environment variable) and passwordFile (a file), read at synth time');
  }
  if (props.passwordEnv !== undefined) {
    const value = process.env[props.passwordEnv];
    if (value === undefined || value === '') {
      throw inputError(scope, 'passwordEnv', props.passwordEnv, `the environment variable is ${value === undefined ? 'not set' : 'empty'}`,
        'the name of an environment variable that holds the password when `cdk8s synth` runs');
    }
    return value;
  }
  const file = path.resolve(props.passwordFile!);
  if (!fs.existsSync(file)) {
    throw inputError(scope, 'passwordFile', props.passwordFile, `the file ${file} does not exist`, 'a file that holds the password when `cdk8s synth` runs');
  }
  const value = fs.readFileSync(file, 'utf-8').replace(/\r?\n$/, '');
  if (value === '') {
    throw inputError(scope, 'passwordFile', props.passwordFile, `the file ${file} is empty`, 'a file that holds the password when `cdk8s synth` runs');
  }
  return value;
}
