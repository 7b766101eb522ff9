import { IConstruct } from 'constructs';
import { AppWorkload } from './app-workload';
import { checkInstance } from '../core/errors';

/** What a prop that takes a workload of the library accepts (the end of the error message). */
const WORKLOAD_ACCEPTED = 'a StatelessWorkload, StatefulWorkload, DaemonWorkload, BatchWorkload or ScheduledWorkload (an application pattern\'s `workload`)';

/**
 * Refuses a value that is not a workload of the library (an untyped caller's cdk8s-plus Deployment, or an application
 * pattern, whose workload is its `workload`); returns it.
 *
 * @param scope the construct that receives it; undefined for a static method (the value, when it is a construct, is named)
 * @param prop the prop as the caller wrote it, e.g. `workload` or `ContainerProbes.addTo(workload)`
 */
export function checkAppWorkload(scope: IConstruct | undefined, prop: string, value: unknown): AppWorkload {
  return checkInstance(scope, prop, value, AppWorkload, 'a workload of cdk8s-appflow', WORKLOAD_ACCEPTED);
}
