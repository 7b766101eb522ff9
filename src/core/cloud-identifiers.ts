/*
 * The forms of the cloud identifiers that workload identities and KEDA's pod identities name (internal: not exported
 * from the package).
 */

/** A GUID, as Microsoft Entra client and tenant IDs are written. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An IAM role ARN: partition, 12-digit account, optional path, role name of at most 64 characters. */
export const IAM_ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::[0-9]{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
