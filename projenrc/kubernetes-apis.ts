/**
 * The Kubernetes API definitions built into the package (run by the compile task after jsii): the definitions files of
 * every supported version (../shared/schemas, or $CDK8S_APPFLOW_SHARED/schemas), in their compact form, beside the
 * compiled module that reads them (src/testing/kubernetes-apis.ts). The validation plugin and
 * `ManifestValidator.forKubernetesVersion` read it; it is build output, never committed (docs/versions.md).
 *
 *   tsx projenrc/kubernetes-apis.ts lib/src/testing
 */
import * as fs from 'fs';
import * as path from 'path';
import { KubernetesApis } from '../src/testing/kubernetes-apis';

/** Writes the compact form of the definitions in `schemaDirectory` into `outDir`; returns the file and its size. */
export function writeKubernetesApis(schemaDirectory: string, outDir: string): { file: string; bytes: number } {
  const json = JSON.stringify(KubernetesApis.fromSchemaDirectory(schemaDirectory).toCompact());
  const file = path.join(outDir, 'kubernetes-apis.json');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(file, json);
  return { file, bytes: Buffer.byteLength(json) };
}

function main(): void {
  const [outDir] = process.argv.slice(2);
  if (outDir === undefined) {
    throw new Error('usage: tsx projenrc/kubernetes-apis.ts <output directory>');
  }
  const shared = path.resolve(process.env.CDK8S_APPFLOW_SHARED ?? path.join(__dirname, '..', '..', 'shared'));
  const written = writeKubernetesApis(path.join(shared, 'schemas'), outDir);
  process.stdout.write(`${written.file}: the API definitions of Kubernetes 1.27 to 1.36 (${Math.round(written.bytes / 1024)} KiB)\n`);
}

if (require.main === module) {
  main();
}
