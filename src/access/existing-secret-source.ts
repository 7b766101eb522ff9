import { Construct } from 'constructs';
import { SecretSource } from './secret-source';
import { checkList, checkProps } from '../core/errors';

/**
 * Properties of an {@link ExistingSecretSource}.
 */
export interface ExistingSecretSourceProps {
  /**
   * The name of the Secret, in the namespace of the pods.
   */
  readonly name: string;

  /**
   * The keys the Secret holds that the application reads: a key that is not declared here is refused where it is
   * asked for.
   */
  readonly keys: string[];
}

/**
 * A Secret that exists in the cluster, made outside these manifests (by an operator, `kubectl create secret`, a
 * sealed secret...): the manifests hold only its name and keys.
 *
 * @example
 * const db = new ExistingSecretSource(this, 'Db', { name: 'shop-db', keys: ['username', 'password'] });
 * db.envValue('password'); // for the env of a container
 */
export class ExistingSecretSource extends SecretSource {
  constructor(scope: Construct, id: string, props: ExistingSecretSourceProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the Secret: { name, keys }');
    const keys = checkList(this, 'keys', props.keys, 'a list of the keys of the Secret, e.g. ["username", "password"]', 'string') ?? [];
    this.declareSecret(props.name, keys, 'keys');
  }
}
