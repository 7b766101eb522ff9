/**
 * Prints the YAML of `ManifestYaml` as it is in snapshot files (without the quotes around a string), so that a
 * snapshot file reads as plain YAML and its diff as a manifest diff.
 */
const serializer: import('pretty-format').Plugin = {
  test: (value: unknown) => typeof value === 'string' && value.startsWith('---\n# '),
  serialize: (value: string) => value,
};

export = serializer;
