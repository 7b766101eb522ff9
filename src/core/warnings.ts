import { IConstruct } from 'constructs';
import { constructPathOf } from './errors';

/** The metadata type under which warnings are recorded on a construct's node. */
const WARNING = 'cdk8s-appflow:warning';
/** How many of a construct's warnings are printed already (cdk8s validates the app once per chart synthesized). */
const PRINTED = new WeakMap<IConstruct, number>();

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
    if (!PRINTED.has(scope)) {
      PRINTED.set(scope, 0);
      scope.node.addValidation({
        validate: () => {
          Warnings.print(scope);
          return [];
        },
      });
    }
  }

  /**
   * Prints the warnings of a construct that are not printed yet. The synthesis prints them when it validates the app;
   * a step after the validation that adds a warning (e.g. the topology picture's size guard) prints it with this.
   *
   * @param scope the construct whose warnings to print
   */
  public static print(scope: IConstruct): void {
    const warnings = Warnings.ofConstruct(scope);
    for (const warning of warnings.slice(PRINTED.get(scope) ?? 0)) {
      process.stderr.write(`[cdk8s-appflow] WARNING ${constructPathOf(scope)}: ${warning}\n`);
    }
    PRINTED.set(scope, warnings.length);
  }

  /**
   * The warnings recorded on a construct and on every construct under it, each prefixed with the path of the
   * construct it is about.
   */
  public static of(scope: IConstruct): string[] {
    return scope.node.findAll().flatMap((c) => Warnings.ofConstruct(c).map((w) => `${constructPathOf(c)}: ${w}`));
  }

  private static ofConstruct(scope: IConstruct): string[] {
    return scope.node.metadata.filter((m) => m.type === WARNING).map((m) => String(m.data));
  }

  private constructor() {}
}
