/**
 * Every chart that a test synthesizes goes through the strict validator of the Kubernetes version it targets (the
 * platform default `kubernetesVersion`, 1.27 unless set), with the CRD schemas, unknown fields refused:
 * `Chart.toJson()`, which `Testing.synth()`, `App.synth()` and the YAML snapshot helper all call, is wrapped so that an
 * invalid object fails the test that made it.
 *
 * Loaded by jest before each test file (`setupFilesAfterEnv`). It fails every test file, rather than skip
 * validation, when the schema files are missing.
 */
import { Chart } from 'cdk8s';
import { PlatformDefaults } from '../../src/core/platform-defaults';
import { requireSharedFiles, strictValidator } from '../support/shared';

const WRAPPED = Symbol.for('cdk8s-appflow.test.strictToJson');

requireSharedFiles();
const proto = Chart.prototype as Chart & { [WRAPPED]?: boolean };
if (!proto[WRAPPED]) {
  const toJson = proto.toJson;
  proto.toJson = function strictToJson(this: Chart): any[] {
    const manifests = toJson.call(this);
    strictValidator(PlatformDefaults.peek(this).kubernetesVersion).assertValid(manifests);
    return manifests;
  };
  Object.defineProperty(proto, WRAPPED, { value: true });
}
