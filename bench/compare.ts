/**
 * The fairness check of the bench: two output directories hold the same manifests — the same YAML files, and in
 * each file the same set of objects, each deep-equal (the order of the objects in a file and of the keys in an
 * object do not matter). Files other than `*.k8s.yaml` (the published URLs that the library writes beside the
 * manifests) are not manifests and are not compared.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as YAML from 'yaml';

const MANIFEST = /\.k8s\.yaml$/;

/** The manifest files of a directory (recursively), relative to it, sorted. */
export function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(child);
      } else if (MANIFEST.test(entry.name)) {
        out.push(child);
      }
    }
  };
  walk('');
  return out.sort();
}

/** The objects of a multi-document YAML file. */
export function parseManifests(text: string): any[] {
  return YAML.parseAllDocuments(text, { version: '1.1' }).map((d) => {
    if (d.errors.length > 0) {
      throw new Error(d.errors.map((e) => e.message).join('; '));
    }
    return d.toJS();
  }).filter((o) => o !== null && o !== undefined);
}

function keyOf(o: any): string {
  return `${o?.apiVersion} ${o?.kind} ${o?.metadata?.namespace ?? ''}/${o?.metadata?.name}`;
}

/**
 * Compares two lists of objects as sets (keyed by apiVersion, kind, namespace and name).
 *
 * @returns the differences, empty when they are the same
 */
export function compareObjects(a: any[], b: any[], where = ''): string[] {
  const diffs: string[] = [];
  const index = (list: any[], side: string) => {
    const m = new Map<string, any>();
    for (const o of list) {
      const k = keyOf(o);
      if (m.has(k)) {
        diffs.push(`${where}${k}: twice in ${side}`);
      }
      m.set(k, o);
    }
    return m;
  };
  const ma = index(a, 'the first');
  const mb = index(b, 'the second');
  for (const [k, o] of ma) {
    if (!mb.has(k)) {
      diffs.push(`${where}${k}: only in the first`);
    } else if (!isDeepStrictEqual(o, mb.get(k))) {
      diffs.push(`${where}${k}: differs\n    first:  ${JSON.stringify(o)}\n    second: ${JSON.stringify(mb.get(k))}`);
    }
  }
  for (const k of mb.keys()) {
    if (!ma.has(k)) {
      diffs.push(`${where}${k}: only in the second`);
    }
  }
  return diffs;
}

/** What {@link compareOutputs} found. */
export interface Comparison {
  /** The manifest files compared. */
  readonly files: number;
  /** The objects compared. */
  readonly objects: number;
  /** The files that were byte for byte the same (not parsed). */
  readonly identicalFiles: number;
  /** The differences (empty: the same manifests). */
  readonly diffs: string[];
}

/**
 * Compares the manifests of two output directories: the same files, each with the same objects. Files that are
 * byte for byte the same are not parsed.
 */
export function compareOutputs(dirA: string, dirB: string): Comparison {
  const filesA = manifestFiles(dirA);
  const filesB = manifestFiles(dirB);
  const diffs: string[] = [];
  const inB = new Set(filesB);
  for (const f of filesA) {
    if (!inB.has(f)) {
      diffs.push(`${f}: only in ${dirA}`);
    }
  }
  const inA = new Set(filesA);
  for (const f of filesB) {
    if (!inA.has(f)) {
      diffs.push(`${f}: only in ${dirB}`);
    }
  }
  let objects = 0;
  let identicalFiles = 0;
  for (const f of filesA.filter((x) => inB.has(x))) {
    const ta = fs.readFileSync(path.join(dirA, f), 'utf8');
    const tb = fs.readFileSync(path.join(dirB, f), 'utf8');
    if (ta === tb) {
      identicalFiles++;
      objects += (ta.match(/^---$/gm)?.length ?? 0) + (ta.length > 0 ? 1 : 0);
      continue;
    }
    const oa = parseManifests(ta);
    objects += oa.length;
    diffs.push(...compareObjects(oa, parseManifests(tb), `${f}: `));
  }
  return { files: filesA.length, objects, identicalFiles, diffs };
}
