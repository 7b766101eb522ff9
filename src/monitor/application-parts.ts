import { IConstruct } from 'constructs';
import { checkList } from '../core/errors';
import { checkAppService } from '../expose/service-checks';
import { AppWorkload } from '../workload/app-workload';
import { checkAppWorkload } from '../workload/workload-checks';

/*
 * The workloads and Services of an application as the monitoring constructs take them (internal).
 */

/** The workloads and Services of an application, as AppMonitoring and MetricsScrape take them. */
interface ApplicationParts {
  readonly workload: AppWorkload;
  readonly otherWorkloads?: AppWorkload[];
  readonly service?: unknown;
  readonly otherServices?: unknown[];
}

/**
 * Refuses the workloads and Services of an untyped caller that are not the library's (a cdk8s-plus object, or a
 * pattern where its workload or Service is asked); returns the workload.
 */
export function checkApplicationParts(scope: IConstruct, props: ApplicationParts): AppWorkload {
  const workload = checkAppWorkload(scope, 'workload', props.workload);
  checkList(scope, 'otherWorkloads', props.otherWorkloads, 'a list of the other tracks of the application, each a workload', 'object');
  (props.otherWorkloads ?? []).forEach((other, i) => checkAppWorkload(scope, `otherWorkloads[${i}]`, other));
  if (props.service !== undefined) {
    checkAppService(scope, 'service', props.service, 'the Service of the workload (an AppService), or none');
  }
  checkList(scope, 'otherServices', props.otherServices, 'a list of the preview or canary Services of the application', 'object');
  (props.otherServices ?? []).forEach((other, i) => checkAppService(scope, `otherServices[${i}]`, other,
    'the preview or canary Services of the application, each an AppService'));
  return workload;
}
