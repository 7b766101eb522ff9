import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { SecretSource } from './secret-source';
import { readSynthInput } from './synth-input';
import { checkList, checkProps, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { claimObjectName } from '../core/object-names';
import { Warnings } from '../core/warnings';

/**
 * One key of a generated Secret, and where its value is read when `cdk8s synth` runs. Never a value written in the
 * code.
 */
export interface GeneratedSecretEntry {
  /** The key in the Secret, e.g. `password`. */
  readonly key: string;

  /**
   * The environment variable that holds the value when `cdk8s synth` runs. Give this or `fromFile`.
   *
   * @default - the value is read from `fromFile`
   */
  readonly fromEnv?: string;

  /**
   * A file that holds the value when `cdk8s synth` runs (a trailing newline is dropped). Give this or `fromEnv`.
   *
   * @default - the value is read from `fromEnv`
   */
  readonly fromFile?: string;
}

/**
 * Properties of a {@link GeneratedSecretSource}.
 */
export interface GeneratedSecretSourceProps {
  /**
   * The name of the Secret.
   */
  readonly name: string;

  /**
   * The keys of the Secret and where each value is read.
   */
  readonly entries: GeneratedSecretEntry[];

  /**
   * The explicit opt-in, which must be `true`: the values are written into the synthesized manifests (base64 is an
   * encoding, not encryption), so anyone who reads `dist/`, or the repository it is committed to, reads them.
   */
  readonly writeValuesIntoManifests: boolean;
}

/**
 * A Secret made at synth time from environment variables or files, by explicit opt-in only: its values land in the
 * synthesized YAML. For a local cluster, a demo or a CI job that applies and discards the manifests; elsewhere use an
 * {@link ExternalSecretSource} or an {@link ExistingSecretSource}, which keep the values out of the manifests.
 *
 * Never from a value written in the code. A warning is recorded (and printed by `cdk8s synth`) for each one.
 *
 * @example
 * const db = new GeneratedSecretSource(this, 'Db', {
 *   name: 'shop-db',
 *   entries: [{ key: 'password', fromEnv: 'SHOP_DB_PASSWORD' }],
 *   writeValuesIntoManifests: true,
 * });
 */
export class GeneratedSecretSource extends SecretSource {
  /** The Secret, with the values. */
  public readonly generatedSecret: kplus.Secret;

  constructor(scope: Construct, id: string, props: GeneratedSecretSourceProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the Secret: { name, entries, writeValuesIntoManifests: true }');
    for (const literal of ['data', 'stringData', 'value', 'values']) {
      if ((props as unknown as Record<string, unknown>)[literal] !== undefined) {
        throw inputError(this, literal, '(hidden)', 'a secret value written in the code ends up in Git and in every copy of the source',
          'entries that read each value when `cdk8s synth` runs: [{ key: "password", fromEnv: "DB_PASSWORD" }] or fromFile');
      }
    }
    if (props.writeValuesIntoManifests !== true) {
      throw inputError(this, 'writeValuesIntoManifests', props.writeValuesIntoManifests,
        'a generated Secret writes its values into the synthesized YAML (base64 is no encryption), so it needs an explicit opt-in',
        'true, to accept that the values are in dist/ and wherever it is committed; or an ExternalSecretSource or ExistingSecretSource, '
        + 'which keep the values out of the manifests');
    }
    FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    const entries = checkList(this, 'entries', props.entries, 'a list of keys and where their values are read, e.g. [{ key: "password", fromEnv: "DB_PASSWORD" }]', 'object') ?? [];
    const values: Record<string, string> = {};
    entries.forEach((entry, i) => {
      if ((entry as unknown as Record<string, unknown>).value !== undefined) {
        throw inputError(this, `entries[${i}].value`, '(hidden)', 'a secret value written in the code ends up in Git and in every copy of the source',
          `fromEnv (an environment variable) or fromFile (a file), read when \`cdk8s synth\` runs, e.g. { key: ${JSON.stringify(entry.key)}, fromEnv: "DB_PASSWORD" }`);
      }
      FormatRule.CONFIG_KEY.check(this, `entries[${i}].key`, entry.key);
      values[entry.key] = readSynthInput(this, {
        envProp: `entries[${i}].fromEnv`, fileProp: `entries[${i}].fromFile`, env: entry.fromEnv, file: entry.fromFile, what: 'the value',
      });
    });
    this.generatedSecret = new kplus.Secret(this, 'Resource', { metadata: { name: props.name }, stringData: values });
    this.declareSecret(props.name, entries.map((e) => e.key), 'entries', this.generatedSecret);
    claimObjectName(this, 'name', ApiObject.of(this.generatedSecret));
    Warnings.add(this, `the values of the Secret ${JSON.stringify(props.name)} (keys ${entries.map((e) => e.key).join(', ')}) are written into the `
      + 'synthesized manifests: anyone who reads them, or the repository they are committed to, reads the values. Use an ExternalSecretSource '
      + 'or an ExistingSecretSource to keep them out');
  }
}
