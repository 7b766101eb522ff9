/*
 * Items (pods, workloads, Services, Ingresses) by namespace and by label, so that a selector is matched against the
 * items that carry one of its required labels rather than against every item: a chart of a thousand applications
 * has a thousand selectors and a thousand pod templates. Internal: the topology picture and the validation plugin
 * use it.
 */

/** Items by namespace and by label, in the order they were added. */
export class LabelIndex<T> {
  private readonly all: T[] = [];
  private readonly byNamespace = new Map<string, T[]>();
  private readonly byLabel = new Map<string, T[]>();

  /**
   * Adds an item.
   *
   * @param item the item
   * @param namespace its namespace (`''` for none)
   * @param labels its labels (values are indexed as strings)
   */
  public add(item: T, namespace: string, labels: Record<string, unknown>): void {
    this.all.push(item);
    pushTo(this.byNamespace, namespace, item);
    for (const [key, value] of Object.entries(labels)) {
      pushTo(this.byLabel, labelKey(key, String(value)), item);
    }
  }

  /**
   * The items that may match a selector, in the order they were added: every item that carries all the `required`
   * labels (and is in `namespace`, when given) is among them. The caller checks each one (the namespace too: the
   * items of one label may be of several namespaces).
   *
   * @param required labels that every item the selector matches carries (its `matchLabels`, a Service's selector)
   * @param namespace the namespace the matches are in, or undefined for any
   */
  public candidates(required: Record<string, string>, namespace?: string): T[] {
    let smallest = namespace === undefined ? this.all : this.byNamespace.get(namespace) ?? [];
    for (const [key, value] of Object.entries(required)) {
      const items = this.byLabel.get(labelKey(key, value)) ?? [];
      if (items.length < smallest.length) {
        smallest = items;
      }
    }
    return smallest;
  }
}

/**
 * The labels that every match of a selector carries, for {@link LabelIndex.candidates}: the entries of a
 * `matchLabels` or of a Service's selector map, as strings. Entries without a value are left out (fewer required
 * labels only widen the candidates); anything but a map gives none.
 */
export function requiredLabels(selectorMap: unknown): Record<string, string> {
  const required: Record<string, string> = {};
  if (selectorMap !== null && typeof selectorMap === 'object' && !Array.isArray(selectorMap)) {
    for (const [key, value] of Object.entries(selectorMap)) {
      if (value !== undefined && value !== null) {
        required[key] = String(value);
      }
    }
  }
  return required;
}

/** A key made of several strings (names, labels), which never hold a NUL character. */
export function compositeKey(...parts: string[]): string {
  return parts.join('\u0000');
}

/** Appends a value to the list of a key of a map of lists. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

function labelKey(key: string, value: string): string {
  return compositeKey(key, value);
}
