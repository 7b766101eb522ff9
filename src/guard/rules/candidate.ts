/**
 * What the rules of the change guard hand to the acknowledgements. Internal: `ChangeGuard.compare` is the public
 * entry point.
 */
import { ChangeSeverity } from '../model';
import { Resource } from '../resources';

/**
 * A dangerous change as a rule finds it, before the acknowledgements and `failOn` make it a `ChangeFinding` (see
 * `finish` in ../acknowledgements.ts). Not the validation plugin's `RawFinding` (src/plugin/types.ts), which is a
 * check's finding about one object before its exemptions.
 */
export interface ChangeCandidate {
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
