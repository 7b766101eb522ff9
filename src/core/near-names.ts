/*
 * Names close to a misspelt one, for "did you mean" (internal).
 */

/** The number of single-character insertions, deletions and substitutions that turn one text into the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The one known name that a name is most likely a misspelling of: the same but for case, else the name with `Name`
 * after it (`port` for `portName`: the options that name a port take its name, not its number), else the name without
 * `Seconds` (`activeDeadlineSeconds` for `activeDeadline`: the Kubernetes field of a Duration prop), else within one edit
 * (two for names of 6 characters or more), the closest; undefined when none is that close, or when two are equally close.
 */
export function misspeltName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameButCase = known.filter((k) => k.toLowerCase() === lower);
  if (sameButCase.length > 0) {
    return sameButCase.length === 1 ? sameButCase[0] : undefined;
  }
  const named = known.filter((k) => k.toLowerCase() === `${lower}name`);
  if (named.length === 1) {
    return named[0];
  }
  // The Kubernetes field of a Duration prop: `activeDeadlineSeconds`, `ttlSecondsAfterFinished`.
  const asDuration = known.filter((k) => k.toLowerCase() === lower.replace('seconds', ''));
  if (asDuration.length === 1) {
    return asDuration[0];
  }
  const most = name.length >= 6 ? 2 : 1;
  const distances = known.map((k) => ({ k, d: Math.abs(k.length - name.length) > most ? most + 1 : editDistance(lower, k.toLowerCase()) }))
    .filter((x) => x.d <= most);
  const best = Math.min(...distances.map((x) => x.d));
  const closest = distances.filter((x) => x.d === best);
  return closest.length === 1 ? closest[0].k : undefined;
}

/**
 * Every prop of `T`, each once, for the code that reads props by name (forwarding them, telling a misspelt one): the
 * compiler refuses a missing or an unknown name.
 */
export function namesOf<T>(names: { readonly [K in keyof Required<T>]: true }): (keyof T)[] {
  return Object.keys(names) as (keyof T)[];
}
