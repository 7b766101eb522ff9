import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';

/*
 * Secret values read when `cdk8s synth` runs, from an environment variable or a file, never from the source code
 * (internal: for GeneratedSecretSource and RegistryCredentials.fromLogin). Errors name the variable or the file, never
 * the value.
 */

/** Where a value is read from, and the props that said so. */
export interface SynthInput {
  /** The prop that names the environment variable, e.g. `passwordEnv`. */
  readonly envProp: string;
  /** The prop that names the file, e.g. `passwordFile`. */
  readonly fileProp: string;
  /** The environment variable, if given. */
  readonly env?: string;
  /** The file, if given. */
  readonly file?: string;
  /** What the value is, for errors: e.g. `the password`. */
  readonly what: string;
}

/**
 * Reads a value from exactly one of an environment variable and a file (a trailing newline of the file dropped);
 * refuses neither or both, an unset or empty variable, a missing or empty file.
 */
export function readSynthInput(scope: IConstruct, input: SynthInput): string {
  const { envProp, fileProp, env, file, what } = input;
  if ((env === undefined) === (file === undefined)) {
    throw inputError(scope, `${envProp}/${fileProp}`, env ?? file, env === undefined ? 'neither is given' : 'both are given',
      `exactly one of ${envProp} (an environment variable) and ${fileProp} (a file), read at synth time`);
  }
  if (env !== undefined) {
    const value = typeof env === 'string' && env !== '' ? process.env[env] : undefined;
    if (typeof env !== 'string' || env === '') {
      throw inputError(scope, envProp, env, 'it is not the name of an environment variable', `the name of an environment variable that holds ${what} when \`cdk8s synth\` runs`);
    }
    if (value === undefined || value === '') {
      throw inputError(scope, envProp, env, `the environment variable is ${value === undefined ? 'not set' : 'empty'}`,
        `the name of an environment variable that holds ${what} when \`cdk8s synth\` runs`);
    }
    return value;
  }
  if (typeof file !== 'string' || file === '') {
    throw inputError(scope, fileProp, file, 'it is not the path of a file', `a file that holds ${what} when \`cdk8s synth\` runs`);
  }
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) {
    throw inputError(scope, fileProp, file, `the file ${resolved} does not exist`, `a file that holds ${what} when \`cdk8s synth\` runs`);
  }
  const value = fs.readFileSync(resolved, 'utf-8').replace(/\r?\n$/, '');
  if (value === '') {
    throw inputError(scope, fileProp, file, `the file ${resolved} is empty`, `a file that holds ${what} when \`cdk8s synth\` runs`);
  }
  return value;
}
