import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';

/*
 * The checks of a reference to a value in a secret manager (internal: for ExternalSecretSource and
 * RegistryCredentials.fromExternalSecret, each with the prop as its user wrote it).
 */

/** A reference to a value in a secret manager, as given (unchecked). */
export interface RemoteRefFields {
  readonly remoteKey?: unknown;
  readonly property?: unknown;
  readonly version?: unknown;
}

/**
 * Refuses a reference without a remote key, or with an empty (or non-string) key, property or version.
 *
 * @param prop the prop that holds the reference, e.g. `keys[0]` or `password`
 */
export function checkRemoteRef(scope: IConstruct, prop: string, ref: RemoteRefFields): void {
  if (typeof ref !== 'object' || ref === null) {
    throw inputError(scope, prop, ref, 'it is not a reference to a value in the secret manager', 'an object such as { remoteKey: "shop/db", property: "password" }');
  }
  for (const field of ['remoteKey', 'property', 'version'] as const) {
    const value = ref[field];
    if ((field === 'remoteKey' || value !== undefined) && (typeof value !== 'string' || value.trim() === '')) {
      throw inputError(scope, `${prop}.${field}`, value, typeof value === 'string' ? 'it is empty' : `it is ${value === undefined ? 'missing' : 'not a string'}`,
        field === 'remoteKey' ? 'the key of the secret in the secret manager, e.g. "shop/db"' : `a non-empty ${field}, or none`);
    }
  }
}
