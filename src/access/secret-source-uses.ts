import type { SecretSource } from './secret-source';

/*
 * What each SecretSource gave for the pods (internal): its environment values, EnvFroms and volumes, each mapped to
 * the source, so that a workload can refuse one from a source of another namespace (a pod reads the Secrets of its
 * own namespace only).
 */

const SOURCES = new WeakMap<object, SecretSource>();

/** Records that a source gave a value for the pods; returns the value. */
export function recordSecretUse<T extends object>(source: SecretSource, given: T): T {
  SOURCES.set(given, source);
  return given;
}

/** The source that gave a value for the pods (an EnvValue, an EnvFrom, a Volume), if a SecretSource gave it. */
export function secretSourceOf(value: unknown): SecretSource | undefined {
  return typeof value === 'object' && value !== null ? SOURCES.get(value) : undefined;
}
