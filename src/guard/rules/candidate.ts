/**
 * What a rule of the change guard finds, before the acknowledgements and `failOn` make it a `ChangeFinding`.
 * Internal: `ChangeGuard.compare` is the public entry point.
 */
import { ChangeSeverity } from '../model';
import { Resource } from '../resources';

/** A finding before acknowledgements are applied. */
export interface RawFinding {
  readonly rule: string;
  readonly severity: ChangeSeverity;
  /** The resource the finding is about: the new one when there is one, else the baseline's. */
  readonly resource: Resource;
  /** The resource in the new manifests, whose annotations may acknowledge the finding. */
  readonly current?: Resource;
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
  readonly consequence: string;
  readonly remedy: string;
}
