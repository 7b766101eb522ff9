import { SecurityRelaxation } from '../../src';

/** The Pod Security rules that each relaxation of a workload lets its pods break. */
export const RELAXED_RULES: Record<SecurityRelaxation, string[]> = {
  [SecurityRelaxation.RUN_AS_ROOT]: ['restricted/run-as-non-root', 'restricted/run-as-user'],
  [SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM]: [],
  [SecurityRelaxation.PRIVILEGE_ESCALATION]: ['restricted/privilege-escalation'],
  [SecurityRelaxation.DEFAULT_CAPABILITIES]: ['restricted/capabilities'],
  [SecurityRelaxation.NO_SECCOMP_PROFILE]: ['restricted/seccomp'],
  [SecurityRelaxation.HOST_NETWORK]: ['baseline/host-namespaces'],
  [SecurityRelaxation.HOST_PATH]: ['baseline/host-path-volumes', 'restricted/volume-types'],
};
