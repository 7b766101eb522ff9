/*
 * In a file of its own, so that the Pod Security checks (src/testing, the validation plugin) load without
 * cdk8s-plus-34.
 */

/**
 * A Pod Security Standards profile.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum SecurityProfile {
  /** Heavily restricted: current pod hardening best practices. The built-in default. */
  RESTRICTED = 'restricted',
  /** Minimally restrictive: prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Unrestricted: no profile is enforced. */
  PRIVILEGED = 'privileged',
}
