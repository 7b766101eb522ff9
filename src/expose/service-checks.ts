import { IConstruct } from 'constructs';
import { AppService } from './app-service';
import { checkInstance } from '../core/errors';

/**
 * Refuses a value that is not a Service of the library (an untyped caller's cdk8s-plus Service, or an application
 * pattern, whose Service is its `service`); returns it.
 *
 * @param accepted what the prop takes, e.g. `the Service of the workload (an AppService), or none`
 */
export function checkAppService(scope: IConstruct, prop: string, value: unknown, accepted: string): AppService {
  return checkInstance(scope, prop, value, AppService, 'an AppService', accepted);
}
