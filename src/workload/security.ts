/**
 * A rule of the security profile that one workload relaxes on purpose. Each relaxation is named in the pod's
 * `cdk8s-appflow/security-relaxations` annotation, so that reviewers and policy checks see it.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum SecurityRelaxation {
  /** The containers may run as root (no `runAsNonRoot: true`). Breaks the restricted profile. */
  RUN_AS_ROOT = 'run-as-root',
  /** The root filesystem is writable (no `readOnlyRootFilesystem: true`, and no `/tmp` volume is added). */
  WRITABLE_ROOT_FILESYSTEM = 'writable-root-filesystem',
  /** A process may gain more privileges than its parent (setuid binaries such as sudo). Breaks the restricted profile. */
  PRIVILEGE_ESCALATION = 'privilege-escalation',
  /** The containers keep the runtime's default capabilities instead of dropping them all. Breaks the restricted profile. */
  DEFAULT_CAPABILITIES = 'default-capabilities',
  /** No seccomp profile is set (the runtime's default may be unconfined). Breaks the restricted profile. */
  NO_SECCOMP_PROFILE = 'no-seccomp-profile',
  /** The pod may use the node's network namespace (`hostNetwork`). Breaks the baseline and restricted profiles. */
  HOST_NETWORK = 'host-network',
  /** The pod may mount directories of the node (`hostPath` volumes). Breaks the baseline and restricted profiles. */
  HOST_PATH = 'host-path',
}
