/**
 * The values that the tests give to Secrets generated at synth (GeneratedSecretSource, RegistryCredentials.fromLogin),
 * and the snapshot files that may hold them because their tests opted in (`writeValuesIntoManifests: true`, or the
 * login whose password the manifests hold by design). Every test that generates a Secret takes its values from here,
 * so that test/access/secrets-in-output.test.ts can prove that no other snapshot, and no file of dist/, holds them.
 */
export const SECRET_VALUES: ReadonlyArray<{ readonly value: string; readonly optedIn: readonly string[] }> = [
  { value: 'appflow-test-db-password-5e1c', optedIn: [] },
  { value: 'appflow-test-api-token-8b27', optedIn: [] },
  { value: 's3cr3t-token', optedIn: ['test/image/__snapshots__/registry-credentials.test.ts.snap'] },
];

/** The forms in which a value can be written into YAML: as it is, and in base64 (a Secret's `data`). */
export function writtenForms(value: string): string[] {
  return [value, Buffer.from(value).toString('base64')];
}
