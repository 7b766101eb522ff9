/*
 * The annotations that the workloads put on their pods (internal; documented in docs/workload.md).
 */

/** The profile a workload was made for. */
export const SECURITY_PROFILE_ANNOTATION = 'cdk8s-appflow/security-profile';
/** The rules a workload relaxes on purpose. */
export const SECURITY_RELAXATIONS_ANNOTATION = 'cdk8s-appflow/security-relaxations';
/** The checksum of the ConfigMaps and Secrets the pods use. */
export const CONFIG_CHECKSUM_ANNOTATION = 'cdk8s-appflow/config-checksum';
/** The sidecars of a Job's pods declared to exit on their own (`exitsOnItsOwn`). */
export const EXITS_ON_ITS_OWN_ANNOTATION = 'cdk8s-appflow/exits-on-its-own';
