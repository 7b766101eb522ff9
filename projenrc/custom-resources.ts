/**
 * The CRDs built into the package (run by the compile task after jsii): the CustomResourceDefinitions of the CRD files
 * of ../shared/crds (or $CDK8S_APPFLOW_SHARED/crds) — those of the custom resources the library writes — compact, one
 * file per API group, `lib/crds/<group>.yaml` (src/testing/custom-resources.ts reads them). Build output, never
 * committed (docs/versions.md).
 *
 *   tsx projenrc/custom-resources.ts lib/crds
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CrdDocument, crdFileText, isCrdDocument } from '../src/testing/custom-resources';

/** Writes the compact CRDs of the CRD files of `crdDirectory` into `outDir`, one file per group; returns the files and their sizes. */
export function writeBuiltInCrds(crdDirectory: string, outDir: string): Array<{ file: string; bytes: number; kinds: string[] }> {
  const sources = fs.readdirSync(crdDirectory).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (sources.length === 0) {
    throw new Error(`${crdDirectory}: no CRD file (*.yaml)`);
  }
  const byGroup = new Map<string, CrdDocument[]>();
  for (const source of sources) {
    const file = path.join(crdDirectory, source);
    const crds = parseAllDocuments(fs.readFileSync(file, 'utf-8')).map((d) => d.toJS({ maxAliasCount: -1 })).filter(isCrdDocument);
    if (crds.length === 0) {
      throw new Error(`${file} holds no CustomResourceDefinition`);
    }
    for (const crd of crds) {
      const group = byGroup.get(crd.spec.group) ?? [];
      if (group.some((c) => c.spec.names.kind === crd.spec.names.kind)) {
        throw new Error(`${file}: a second CRD of ${crd.spec.group} ${crd.spec.names.kind} (two files of one group?)`);
      }
      byGroup.set(crd.spec.group, [...group, crd]);
    }
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  return [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, crds]) => {
    const text = crdFileText(crds);
    const file = path.join(outDir, `${group}.yaml`);
    fs.writeFileSync(file, text);
    return { file, bytes: Buffer.byteLength(text), kinds: crds.map((c) => c.spec.names.kind) };
  });
}

function main(): void {
  const [outDir] = process.argv.slice(2);
  if (outDir === undefined) {
    throw new Error('usage: tsx projenrc/custom-resources.ts <output directory>');
  }
  const shared = path.resolve(process.env.CDK8S_APPFLOW_SHARED ?? path.join(__dirname, '..', '..', 'shared'));
  for (const written of writeBuiltInCrds(path.join(shared, 'crds'), outDir)) {
    process.stdout.write(`${written.file}: ${written.kinds.join(', ')} (${Math.round(written.bytes / 1024)} KiB)\n`);
  }
}

if (require.main === module) {
  main();
}
