import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  TriggerAuthentication, TriggerAuthenticationSpecPodIdentity, TriggerAuthenticationSpecPodIdentityIdentityOwner,
  TriggerAuthenticationSpecPodIdentityProvider,
} from '../../imports/keda.sh';
import { SecretSource } from '../access/secret-source';
import { GUID, IAM_ROLE_ARN } from '../core/cloud-identifiers';
import { checkList, checkProps, describeValue, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { claimObjectName } from '../core/object-names';

/**
 * One parameter of a scaler whose value KEDA reads from a key of a Secret (a `secretTargetRef`).
 */
export interface TriggerSecret {
  /**
   * The parameter of the scaler, as KEDA's docs of the scaler name it, e.g. `host` (RabbitMQ), `bearerToken`
   * (Prometheus), `username` and `password` (Kafka SASL), `awsAccessKeyID` (AWS).
   *
   * @see https://keda.sh/docs/latest/scalers/
   */
  readonly parameter: string;

  /**
   * The Secret that holds the value: an `ExternalSecretSource`, an `ExistingSecretSource` or a `GeneratedSecretSource`
   * (in the namespace of the TriggerAuthentication).
   */
  readonly source: SecretSource;

  /**
   * The key of the Secret (one that the source declares).
   */
  readonly key: string;
}

/**
 * Options of {@link TriggerPodIdentity.aws}.
 */
export interface AwsTriggerIdentityOptions {
  /**
   * The IAM role that KEDA assumes to read the event source, e.g. `arn:aws:iam::111122223333:role/keda-orders`.
   *
   * @default - the role of the KEDA operator
   */
  readonly roleArn?: string;
}

/**
 * Options of {@link TriggerPodIdentity.azureWorkload}.
 */
export interface AzureTriggerIdentityOptions {
  /**
   * The client id of the managed identity or application that KEDA acts as (a GUID).
   *
   * @default - the client id in the annotation of the KEDA operator's ServiceAccount
   */
  readonly identityId?: string;

  /**
   * The tenant of the identity (a GUID); needs `identityId`.
   *
   * @default - the tenant id in the annotation of the KEDA operator's ServiceAccount
   */
  readonly tenantId?: string;
}

/**
 * The cloud identity that KEDA acts as to read an event source, without keys (a TriggerAuthentication's
 * `podIdentity`).
 *
 * @see https://keda.sh/docs/latest/concepts/authentication/#pod-authentication-providers
 */
export class TriggerPodIdentity {
  /**
   * AWS IAM roles for service accounts: KEDA acts as its own role, or assumes `roleArn`.
   */
  public static aws(options: AwsTriggerIdentityOptions = {}): TriggerPodIdentity {
    return new TriggerPodIdentity(TriggerAuthenticationSpecPodIdentityProvider.AWS, options);
  }

  /**
   * AWS IAM roles for service accounts: KEDA acts as the role of the scaled workload's ServiceAccount (its
   * `eks.amazonaws.com/role-arn` annotation, e.g. from `AppServiceAccount`'s `workloadIdentity`).
   */
  public static awsOfWorkload(): TriggerPodIdentity {
    return new TriggerPodIdentity(TriggerAuthenticationSpecPodIdentityProvider.AWS, {}, true);
  }

  /**
   * Azure Workload Identity: KEDA acts as its own identity, or as `identityId`.
   */
  public static azureWorkload(options: AzureTriggerIdentityOptions = {}): TriggerPodIdentity {
    return new TriggerPodIdentity(TriggerAuthenticationSpecPodIdentityProvider.AZURE_HYPHEN_WORKLOAD, options);
  }

  /**
   * GKE Workload Identity: KEDA acts as the Google service account of its own ServiceAccount.
   */
  public static gcp(): TriggerPodIdentity {
    return new TriggerPodIdentity(TriggerAuthenticationSpecPodIdentityProvider.GCP, {});
  }

  /** The provider, as KEDA names it: `aws`, `azure-workload` or `gcp`. */
  public readonly provider: string;
  /** Whether KEDA acts as the identity of the scaled workload's ServiceAccount (`awsOfWorkload()`), not its own. */
  public readonly ofWorkload: boolean;
  private readonly options: AwsTriggerIdentityOptions & AzureTriggerIdentityOptions;

  private constructor(provider: string, options: AwsTriggerIdentityOptions & AzureTriggerIdentityOptions, ofWorkload = false) {
    this.provider = provider;
    this.options = options;
    this.ofWorkload = ofWorkload;
  }

  /**
   * The identity as a TriggerAuthentication has it, checked.
   *
   * @internal
   */
  public _toKube(scope: Construct, prop: string): TriggerAuthenticationSpecPodIdentity {
    const options = this.options;
    if (typeof options !== 'object' || options === null) {
      throw inputError(scope, prop, options, 'the identity has no options object', 'TriggerPodIdentity.aws(), awsOfWorkload(), azureWorkload() or gcp()');
    }
    const provider = this.provider as TriggerAuthenticationSpecPodIdentityProvider;
    if (provider === TriggerAuthenticationSpecPodIdentityProvider.AWS) {
      if (this.ofWorkload) {
        return { provider, identityOwner: TriggerAuthenticationSpecPodIdentityIdentityOwner.WORKLOAD };
      }
      if (options.roleArn !== undefined && (typeof options.roleArn !== 'string' || !IAM_ROLE_ARN.test(options.roleArn))) {
        throw inputError(scope, `${prop}.roleArn`, options.roleArn, 'it is not the ARN of an IAM role',
          'arn:<partition>:iam::<12-digit account>:role/[<path>/]<name of at most 64 characters>, e.g. "arn:aws:iam::111122223333:role/keda-orders"');
      }
      return { provider, roleArn: options.roleArn };
    }
    if (provider === TriggerAuthenticationSpecPodIdentityProvider.AZURE_HYPHEN_WORKLOAD) {
      for (const field of ['identityId', 'tenantId'] as const) {
        const value = options[field];
        if (value !== undefined && (typeof value !== 'string' || !GUID.test(value))) {
          throw inputError(scope, `${prop}.${field}`, value, 'it is not a GUID', 'a GUID, e.g. "00000000-0000-0000-0000-000000000000"');
        }
      }
      if (options.tenantId !== undefined && options.identityId === undefined) {
        throw inputError(scope, `${prop}.tenantId`, options.tenantId, 'it is given without an identityId, which KEDA then refuses',
          'an identityId with the tenantId, or neither');
      }
      return { provider, identityId: options.identityId, identityTenantId: options.tenantId };
    }
    return { provider };
  }
}

/** A parameter of a scaler: a word such as `host`, `bearerToken` or `awsAccessKeyID`. */
const PARAMETER = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * Properties of an {@link AppTriggerAuthentication}.
 */
export interface AppTriggerAuthenticationProps {
  /**
   * The name of the TriggerAuthentication (a DNS-1123 subdomain), which the triggers refer to.
   */
  readonly name: string;

  /**
   * The parameters of the scalers whose values KEDA reads from Secrets.
   *
   * @default - none (then `podIdentity`)
   */
  readonly secrets?: TriggerSecret[];

  /**
   * The cloud identity KEDA acts as.
   *
   * @default - none (then `secrets`)
   */
  readonly podIdentity?: TriggerPodIdentity;
}

/**
 * How KEDA authenticates to an event source (a `TriggerAuthentication`, keda.sh/v1alpha1): the scalers' parameters
 * from Secrets (each from a key that a `SecretSource` declares), and a cloud identity. No value is written in the
 * manifests. Give it as the `authentication` of a trigger.
 *
 * @see https://keda.sh/docs/latest/concepts/authentication/
 *
 * @example
 * const rabbit = new ExternalSecretSource(this, 'Rabbit', {
 *   name: 'orders-rabbitmq',
 *   store: SecretStoreRef.cluster('vault'),
 *   keys: [{ key: 'url', remoteKey: 'shop/rabbitmq', property: 'url' }],
 * });
 * new AppTriggerAuthentication(this, 'RabbitAuth', { name: 'orders-rabbitmq', secrets: [{ parameter: 'host', source: rabbit, key: 'url' }] });
 */
export class AppTriggerAuthentication extends Construct {
  /** The TriggerAuthentication. */
  public readonly apiObject: TriggerAuthentication;
  /** The name of the TriggerAuthentication. */
  public readonly name: string;
  /** The cloud identity, if it has one. */
  public readonly podIdentity?: TriggerPodIdentity;
  private readonly secretParameters: string[];

  constructor(scope: Construct, id: string, props: AppTriggerAuthenticationProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the TriggerAuthentication: { name, secrets or podIdentity }');
    this.name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    const secrets = checkList(this, 'secrets', props.secrets,
      'a list of parameters and the Secret keys of their values, e.g. [{ parameter: "host", source: rabbitmq, key: "url" }]', 'object') ?? [];
    const namespace = Chart.of(this).namespace;
    const refs = secrets.map((s, i) => {
      const prop = `secrets[${i}]`;
      if (typeof s.parameter !== 'string' || !PARAMETER.test(s.parameter)) {
        throw inputError(this, `${prop}.parameter`, s.parameter, 'it is not the name of a parameter',
          'a parameter of the scaler as KEDA\'s docs name it, e.g. "host", "bearerToken" or "password"');
      }
      const first = secrets.findIndex((other) => other.parameter === s.parameter);
      if (first !== i) {
        throw inputError(this, `${prop}.parameter`, s.parameter, `secrets[${first}] gives the same parameter`, 'each parameter once');
      }
      if (!(s.source instanceof SecretSource)) {
        throw inputError(this, `${prop}.source`, s.source, 'it is not a SecretSource',
          'an ExternalSecretSource, an ExistingSecretSource or a GeneratedSecretSource');
      }
      if (!s.source.keys.includes(s.key)) {
        throw inputError(this, `${prop}.key`, s.key,
          `the Secret ${JSON.stringify(s.source.secretName)} declares no such key (its keys: ${s.source.keys.join(', ')})`,
          `one of the keys the source declares: ${s.source.keys.map((k) => JSON.stringify(k)).join(', ')}`);
      }
      const sourceNamespace = Chart.of(s.source).namespace;
      if (sourceNamespace !== namespace) {
        throw inputError(this, `${prop}.source`, s.source.secretName,
          `the Secret is in ${describeNamespace(sourceNamespace)} and the TriggerAuthentication in ${describeNamespace(namespace)}: KEDA reads the Secrets of the TriggerAuthentication's namespace`,
          'a Secret of the same namespace (a SecretSource in a chart of that namespace)');
      }
      return { parameter: s.parameter, name: s.source.secretName, key: s.key };
    });
    if (props.podIdentity !== undefined && !(props.podIdentity instanceof TriggerPodIdentity)) {
      throw inputError(this, 'podIdentity', props.podIdentity, 'it is not a TriggerPodIdentity',
        'TriggerPodIdentity.aws(), awsOfWorkload(), azureWorkload() or gcp()');
    }
    if (refs.length === 0 && props.podIdentity === undefined) {
      throw inputError(this, 'secrets', props.secrets, 'the TriggerAuthentication gives the scalers neither a parameter nor an identity',
        'at least one parameter from a Secret, or a podIdentity');
    }
    this.podIdentity = props.podIdentity;
    this.secretParameters = refs.map((r) => r.parameter);
    this.apiObject = new TriggerAuthentication(this, 'Resource', {
      metadata: { name: this.name },
      spec: {
        secretTargetRef: refs.length > 0 ? refs : undefined,
        podIdentity: props.podIdentity?._toKube(this, 'podIdentity'),
      },
    });
    claimObjectName(this, 'name', ApiObject.of(this.apiObject));
  }

  /** The parameters that the TriggerAuthentication gives from Secrets. Returns a copy. */
  public get parameters(): string[] {
    return [...this.secretParameters];
  }
}

function describeNamespace(namespace: string | undefined): string {
  return namespace === undefined ? 'no namespace (the current one of kubectl)' : `the namespace ${describeValue(namespace)}`;
}
