/**
 * Without `crdFiles`, the plugin checks custom resources against the CRDs built into the package (lib/crds/, which
 * the sources do not have: here the built-in files are those of ../shared/crds, as the build derives them from).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { AppflowValidation } from '../../src/plugin';
import { CRD_FILES, SCHEMA_DIRECTORY } from '../support/shared';

let mockBuiltIn: string[] | undefined;
jest.mock('../../src/testing/custom-resources', () => ({
  ...jest.requireActual('../../src/testing/custom-resources'),
  builtInCrdFiles: () => mockBuiltIn,
}));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-plugin-crds-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A ServiceMonitor with a field its CRD does not have. */
async function findingsOf(properties: Record<string, unknown>): Promise<string[]> {
  const file = path.join(dir, 'app.k8s.yaml');
  fs.writeFileSync(file, Yaml.stringify({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http', intervalSeconds: 30 }] },
  }));
  const context = new ValidationContext([file], './plugin', '0.0.0', {});
  await new AppflowValidation({ kubernetesSchemas: SCHEMA_DIRECTORY, ...properties }).validate(context);
  return context.report.toJson().violations.filter((v) => v.ruleName.includes('api-versions/schema'))
    .flatMap((v) => v.violatingConstructs.map((c) => String(c.locations ?? '')));
}

test('without crdFiles, the built-in CRDs check custom resources; crdFiles: [] (or no built-in files) leaves them unchecked', async () => {
  mockBuiltIn = CRD_FILES;
  expect((await findingsOf({})).join('\n')).toMatch(/intervalSeconds/);
  expect(await findingsOf({ crdFiles: [] })).toEqual([]);
  mockBuiltIn = undefined;
  expect(await findingsOf({})).toEqual([]);
});
