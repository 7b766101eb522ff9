// Stores the YAML of ManifestYaml in the snapshot files as it is (without quotes): a snapshot diff reads as a
// manifest diff.
module.exports = {
  test: (value) => typeof value === 'string' && value.startsWith('---\n# '),
  serialize: (value) => value,
};
