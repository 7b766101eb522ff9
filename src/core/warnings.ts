import { IConstruct } from 'constructs';
import { constructPathOf } from './errors';

/** The metadata type under which warnings are recorded on a construct's node. */
const WARNING = 'cdk8s-appflow:warning';
/** The warnings of a construct that are printed already (cdk8s validates the app once per chart synthesized). */
const PRINTED = new WeakMap<IConstruct, Set<string>>();
/** The warnings of a construct worked out when the warnings are read (see {@link addWarningFrom}). */
const COMPUTED = new WeakMap<IConstruct, Array<() => string | undefined>>();

/**
 * Warnings about inputs that are accepted but risky (for example an image without a tag).
 *
 * A warning is recorded on the construct (its node metadata, so that tests can read it with
 * `Warnings.of()`) and printed once to standard error, with the construct path, when the app is synthesized
 * (`cdk8s synth`).
 */
export class Warnings {
  /**
   * Records a warning on a construct.
   *
   * @param scope the construct the warning is about
   * @param message what is risky, and how to avoid it
   */
  public static add(scope: IConstruct, message: string): void {
    scope.node.addMetadata(WARNING, message);
    printWhenValidated(scope);
  }

  /**
   * Prints the warnings of a construct that are not printed yet. The synthesis prints them when it validates the app;
   * a step after the validation that adds a warning (e.g. the topology picture's size guard) prints it with this.
   *
   * @param scope the construct whose warnings to print
   */
  public static print(scope: IConstruct): void {
    const printed = PRINTED.get(scope) ?? new Set<string>();
    PRINTED.set(scope, printed);
    for (const warning of warningsOf(scope).filter((w) => !printed.has(w))) {
      process.stderr.write(`[cdk8s-appflow] WARNING ${constructPathOf(scope)}: ${warning}\n`);
      printed.add(warning);
    }
  }

  /**
   * The warnings recorded on a construct and on every construct under it, each prefixed with the path of the
   * construct it is about.
   */
  public static of(scope: IConstruct): string[] {
    return scope.node.findAll().flatMap((c) => warningsOf(c).map((w) => `${constructPathOf(c)}: ${w}`));
  }

  private constructor() {}
}

/**
 * Records a warning that holds only while a condition holds, read each time the warnings are read (by `Warnings.of()`
 * and when the app is synthesized): for a risk that a later call can settle, such as pods without an API token before
 * a token is projected into a volume of theirs.
 *
 * @param holds whether the warning still holds, asked of the construct as it is when the warnings are read
 */
export function addWarningWhile(scope: IConstruct, message: string, holds: () => boolean): void {
  addWarningFrom(scope, () => (holds() ? message : undefined));
}

/**
 * Records a warning worked out each time the warnings are read (by `Warnings.of()` and when the app is synthesized),
 * for a risk that depends on the whole App as it is then, such as what else shares a namespace.
 *
 * @param produce the warning's text, or undefined when there is nothing to warn about
 */
export function addWarningFrom(scope: IConstruct, produce: () => string | undefined): void {
  const computed = COMPUTED.get(scope) ?? [];
  COMPUTED.set(scope, [...computed, produce]);
  printWhenValidated(scope);
}

/** Makes the synthesis print the construct's warnings when it validates the app (once per construct). */
function printWhenValidated(scope: IConstruct): void {
  if (!PRINTED.has(scope)) {
    PRINTED.set(scope, new Set());
    scope.node.addValidation({
      validate: () => {
        Warnings.print(scope);
        return [];
      },
    });
  }
}

/** The warnings of one construct: the recorded ones, then the computed ones that hold now. */
function warningsOf(scope: IConstruct): string[] {
  return [
    ...scope.node.metadata.filter((m) => m.type === WARNING).map((m) => String(m.data)),
    ...(COMPUTED.get(scope) ?? []).map((produce) => produce()).filter((w): w is string => w !== undefined),
  ];
}
