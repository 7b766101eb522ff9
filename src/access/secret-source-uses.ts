import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { SecretSource } from './secret-source';
import { inputError } from '../core/errors';

/*
 * What each SecretSource gave for the pods (internal): its Secret, environment values, EnvFroms and volumes, each
 * mapped to the source, so that a workload can refuse one from a source of another namespace (a pod reads the Secrets
 * of its own namespace only).
 */

const SOURCES = new WeakMap<object, SecretSource>();

/** Records that a source gave a value for the pods; returns the value. */
export function recordSecretUse<T extends object>(source: SecretSource, given: T): T {
  SOURCES.set(given, source);
  return given;
}

/** The source that gave a value for the pods (its Secret, an EnvValue, an EnvFrom, a Volume), if a SecretSource gave it. */
export function secretSourceOf(value: unknown): SecretSource | undefined {
  return typeof value === 'object' && value !== null ? SOURCES.get(value) : undefined;
}

/**
 * Refuses what a SecretSource of another namespace gave (its Secret, an environment value, an EnvFrom, a volume): a
 * pod reads the Secrets of its own namespace only, so its container would not start (the Secret of the name does not
 * exist there, or is another one). Charts without a namespace go where kubectl points: not judged.
 */
export function checkSecretNamespace(scope: IConstruct, prop: string, value: unknown): void {
  const source = secretSourceOf(value);
  const theirs = source === undefined ? undefined : Chart.of(source).namespace;
  const ours = Chart.of(scope).namespace;
  if (source === undefined || theirs === undefined || ours === undefined || theirs === ours) {
    return;
  }
  throw inputError(scope, prop, source.secretName,
    `it is the Secret of ${source.node.path}, in the namespace "${theirs}", and the pods run in "${ours}": a pod reads the Secrets of its own namespace, `
    + 'so the container would not start',
    `a SecretSource in a chart of the namespace "${ours}" (an ExternalSecretSource there can read the same remote key)`);
}
