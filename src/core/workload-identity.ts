import { IConstruct } from 'constructs';
import { GUID, IAM_ROLE_ARN } from './cloud-identifiers';
import { describeValue, inputError } from './errors';
import { AWS_ROLE_ANNOTATION } from './label-keys';

/**
 * Options of GKE Workload Identity.
 */
export interface GkeWorkloadIdentityOptions {
  /**
   * The Google service account the pods act as, e.g. `shop-api@my-project.iam.gserviceaccount.com`. `{name}` and
   * `{namespace}` are replaced by the application's name and namespace (for a platform default that serves every
   * application, e.g. `{name}@my-project.iam.gserviceaccount.com`).
   *
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
   */
  readonly serviceAccount: string;
}

/**
 * Options of Azure Workload Identity.
 */
export interface AzureWorkloadIdentityOptions {
  /**
   * The client ID of the Microsoft Entra application or user-assigned managed identity, a GUID.
   *
   * @see https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html
   */
  readonly clientId: string;

  /**
   * The tenant ID, a GUID.
   *
   * @default - the tenant of the cluster (the webhook's `AZURE_TENANT_ID`)
   */
  readonly tenantId?: string;
}

/**
 * Options of IAM roles for service accounts on Amazon EKS.
 */
export interface AwsWorkloadIdentityOptions {
  /**
   * The ARN of the IAM role the pods assume, e.g. `arn:aws:iam::111122223333:role/shop-api`. `{name}` and `{namespace}`
   * are replaced by the application's name and namespace (for a platform default that serves every application, e.g.
   * `arn:aws:iam::111122223333:role/{namespace}-{name}`).
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
   */
  readonly roleArn: string;
}

/** The cloud of a workload identity. */
type Cloud = 'gke' | 'azure' | 'aws';

/** A Google service account: an id of 6 to 30 characters, at a project (domain-scoped projects have dots). */
const GOOGLE_SERVICE_ACCOUNT = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])@[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?\.iam\.gserviceaccount\.com$/;

/**
 * How the pods of an application authenticate to their cloud as a cloud identity of their own, without keys: the
 * annotations of their ServiceAccount, and the labels their pods must carry.
 *
 * @example
 * new AppServiceAccount(this, 'Account', {
 *   identity,
 *   workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/shop-api' }),
 * });
 */
export class WorkloadIdentity {
  /**
   * GKE Workload Identity: the ServiceAccount is annotated `iam.gke.io/gcp-service-account`.
   *
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
   */
  public static gke(options: GkeWorkloadIdentityOptions): WorkloadIdentity {
    return new WorkloadIdentity('gke', { ...options });
  }

  /**
   * Azure Workload Identity: the ServiceAccount is annotated `azure.workload.identity/client-id` (and `tenant-id`),
   * and the pods must carry the label `azure.workload.identity/use: "true"` (see `podLabels`), for the webhook to give
   * them a token.
   *
   * @see https://azure.github.io/azure-workload-identity/docs/
   */
  public static azure(options: AzureWorkloadIdentityOptions): WorkloadIdentity {
    return new WorkloadIdentity('azure', { ...options });
  }

  /**
   * IAM roles for service accounts (IRSA) on Amazon EKS: the ServiceAccount is annotated `eks.amazonaws.com/role-arn`.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   */
  public static aws(options: AwsWorkloadIdentityOptions): WorkloadIdentity {
    return new WorkloadIdentity('aws', { ...options });
  }

  private readonly cloud: Cloud;
  private readonly options: Record<string, string | undefined>;

  private constructor(cloud: Cloud, options: Record<string, any>) {
    this.cloud = cloud;
    this.options = options;
  }

  /**
   * The labels that the pods of the ServiceAccount must carry: `azure.workload.identity/use: "true"` for Azure, none
   * otherwise. Returns a copy.
   */
  public get podLabels(): Record<string, string> {
    return this.cloud === 'azure' ? { 'azure.workload.identity/use': 'true' } : {};
  }

  /**
   * The annotations of the ServiceAccount of an application, with `{name}` and `{namespace}` replaced, each value
   * checked.
   *
   * @param scope the construct the errors name
   * @param prop the prop that holds the workload identity, e.g. `workloadIdentity`
   * @param name the application's name
   * @param namespace the application's namespace, if known
   * @throws when a value, filled in, is not of its cloud's form, or names `{namespace}` and the namespace is not known
   */
  public serviceAccountAnnotations(scope: IConstruct, prop: string, name: string, namespace: string | undefined): Record<string, string> {
    const value = (key: string, pattern: RegExp, accepted: string, optional = false): string | undefined => {
      const given = this.options[key];
      if (given === undefined && optional) {
        return undefined;
      }
      if (typeof given !== 'string') {
        throw inputError(scope, `${prop}.${key}`, given, `it is ${given === undefined ? 'missing' : `a ${typeof given}, not a string`}`, accepted);
      }
      const filled = fill(scope, `${prop}.${key}`, given, name, namespace, accepted);
      if (!pattern.test(filled)) {
        throw inputError(scope, `${prop}.${key}`, filled, filled === given ? 'it is not of the expected form' : `it is not of the expected form (from ${describeValue(given)})`, accepted);
      }
      return filled;
    };
    switch (this.cloud) {
      case 'gke':
        return {
          'iam.gke.io/gcp-service-account': value('serviceAccount', GOOGLE_SERVICE_ACCOUNT,
            'the email of a Google service account, <id>@<project>.iam.gserviceaccount.com, its id 6 to 30 lowercase letters, digits and "-" '
            + '(e.g. "shop-api@my-project.iam.gserviceaccount.com")')!,
        };
      case 'azure': {
        const annotations: Record<string, string> = {
          'azure.workload.identity/client-id': value('clientId', GUID, 'a client ID, a GUID (e.g. "00000000-0000-0000-0000-000000000000")')!,
        };
        const tenant = value('tenantId', GUID, 'a tenant ID, a GUID (e.g. "00000000-0000-0000-0000-000000000000"), or none', true);
        if (tenant !== undefined) {
          annotations['azure.workload.identity/tenant-id'] = tenant;
        }
        return annotations;
      }
      case 'aws':
        return {
          [AWS_ROLE_ANNOTATION]: value('roleArn', IAM_ROLE_ARN,
            'the ARN of an IAM role, arn:<partition>:iam::<12-digit account>:role/[<path>/]<name> (e.g. "arn:aws:iam::111122223333:role/shop-api")')!,
        };
    }
  }
}

/** Replaces `{name}` and `{namespace}`; refuses `{namespace}` when the namespace is not known. */
function fill(scope: IConstruct, prop: string, value: string, name: string, namespace: string | undefined, accepted: string): string {
  if (value.includes('{namespace}') && namespace === undefined) {
    throw inputError(scope, prop, value, 'it names {namespace}, and the chart of the application has no namespace', `${accepted}; or a chart with a namespace`);
  }
  return value.split('{name}').join(name).split('{namespace}').join(namespace ?? '');
}
