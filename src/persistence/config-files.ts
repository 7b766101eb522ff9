import * as fs from 'fs';
import * as path from 'path';
import { TextDecoder } from 'util';
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppIdentity } from '../core/app-identity';
import { checkList, checkObject, checkProps, describeValue, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { claimObjectName } from '../core/object-names';

/**
 * The most data a ConfigMap holds: Kubernetes refuses a ConfigMap whose values (`data` and `binaryData`
 * together) are larger than 1 MiB.
 */
const MAX_CONFIG_MAP_BYTES = 1048576;

/** The props that name files, as errors name them together. */
const SOURCE_PROPS = 'directory/files/keyedFiles';

/**
 * Properties of {@link ConfigFiles}.
 *
 * Give at least one of `directory`, `files` and `keyedFiles`; they combine, and every file gives one key.
 * Paths are resolved from the current directory (where `cdk8s synth` runs) and the files are read when the
 * construct is made.
 */
export interface ConfigFilesProps {
  /**
   * The name of the ConfigMap: a DNS-1123 subdomain (at most 253 lowercase letters, digits, "-" and ".").
   *
   * Explicit, because pods mount the ConfigMap by this name.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/
   */
  readonly name: string;

  /**
   * A folder whose regular files (directly in it, sorted by name) each become a key named after the file, as
   * `kubectl create configmap NAME --from-file=DIR` does. Subfolders (and anything else that is not a regular
   * file, such as a socket) are skipped; symbolic links to regular files are followed.
   *
   * @default - no folder: the files come from `files` and `keyedFiles`
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/
   */
  readonly directory?: string;

  /**
   * Files that each become a key named after the file's base name, e.g. `conf/nginx.conf` gives the key
   * `nginx.conf`.
   *
   * @default - no files besides those of `directory` and `keyedFiles`
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/
   */
  readonly files?: string[];

  /**
   * Files under keys of your choosing (key to file), for when the key must differ from the file's base name,
   * e.g. `{ 'default.conf': 'conf/site-prod.conf' }`.
   *
   * @default - no files besides those of `directory` and `files`
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/
   */
  readonly keyedFiles?: { [key: string]: string };

  /**
   * The application the configuration belongs to: its recommended labels (`app.kubernetes.io/*`) go on the
   * ConfigMap.
   *
   * @default - no labels
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/
   */
  readonly identity?: AppIdentity;

  /**
   * Whether the ConfigMap is immutable: Kubernetes then refuses any change to its data (a new configuration
   * needs a ConfigMap with a new name), and the kubelet stops watching it.
   *
   * @default false
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable
   */
  readonly immutable?: boolean;
}

/**
 * One file to put in the ConfigMap, and the prop it came from (for the errors).
 */
interface ConfigFile {
  readonly key: string;
  /** The absolute path. */
  readonly file: string;
  /** The prop that named the file, e.g. `directory` or `files[1]`. */
  readonly prop: string;
  /** The value of that prop. */
  readonly value: unknown;
  readonly size: number;
}

/**
 * A ConfigMap made from configuration files, for pods to mount: the files of a folder (as
 * `kubectl create configmap NAME --from-file=DIR` does), a list of files, or files under keys of your
 * choosing, read and checked at synth time.
 *
 * Text files (valid UTF-8) go in `data`, any other file in `binaryData` (base64), byte for byte. Keys are
 * sorted, so the same files always give the same ConfigMap.
 *
 * Refused at synth time: no source given; a missing file or folder; a folder where a file is expected; a
 * folder without a regular file; two files with one key; a file name that is not a valid ConfigMap key;
 * files larger than 1 MiB in all (Kubernetes refuses a larger ConfigMap); an invalid name.
 *
 * @example
 * const config = new ConfigFiles(this, 'NginxConfig', { name: 'web-nginx', directory: 'config/nginx' });
 * const volume = kplus.Volume.fromConfigMap(this, 'NginxVolume', config.configMap);
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/
 */
export class ConfigFiles extends Construct {
  /** The cdk8s-plus-34 ConfigMap (child id `Resource`), e.g. for `kplus.Volume.fromConfigMap()`. */
  public readonly configMap: kplus.ConfigMap;
  /** The name of the ConfigMap. */
  public readonly name: string;
  /** The keys of the ConfigMap (`data` and `binaryData` together), sorted. */
  public readonly keys: string[];

  constructor(scope: Construct, id: string, props: ConfigFilesProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the ConfigMap: at least name, and directory, files or keyedFiles');
    this.name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    checkList(this, 'files', props.files, 'a list of file paths, e.g. ["config/app.properties"]', 'string');
    checkObject(this, 'keyedFiles', props.keyedFiles, 'a map of keys to file paths, e.g. { "app.properties": "config/app.properties" }');

    const files = this.collect(props);
    this.checkTotalSize(props, files);
    files.sort((a, b) => compare(a.key, b.key));

    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: this.name, labels: props.identity?.labels },
      immutable: props.immutable ?? false,
    });
    claimObjectName(this, 'name', ApiObject.of(this.configMap));
    const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    // Objects without a prototype, so that a key such as `constructor` or `__proto__` is a key like any other.
    const data: Record<string, string> = Object.create(null);
    const binaryData: Record<string, string> = Object.create(null);
    for (const f of files) {
      const bytes = fs.readFileSync(f.file);
      const text = decode(utf8, bytes);
      if (text === undefined) {
        binaryData[f.key] = bytes.toString('base64');
      } else {
        data[f.key] = text;
      }
    }
    addEntries(this.configMap, 'data', data, (k, v) => this.configMap.addData(k, v));
    addEntries(this.configMap, 'binaryData', binaryData, (k, v) => this.configMap.addBinaryData(k, v));
    this.keys = files.map((f) => f.key);
  }

  /**
   * The files of every source, each checked (it exists, it is a file, its key is valid and unique).
   */
  private collect(props: ConfigFilesProps): ConfigFile[] {
    const keyedFiles = props.keyedFiles ?? {};
    if (props.directory === undefined && (props.files ?? []).length === 0 && Object.keys(keyedFiles).length === 0) {
      throw inputError(this, SOURCE_PROPS, undefined, 'no folder and no file is given',
        'at least one of directory (a folder), files (a list of files) and keyedFiles (a map of key to file)');
    }
    const found: ConfigFile[] = [];
    if (props.directory !== undefined) {
      found.push(...this.filesOfDirectory(props.directory));
    }
    (props.files ?? []).forEach((file, i) => {
      const prop = `files[${i}]`;
      const { absolute, size } = this.regularFile(prop, file);
      const key = path.basename(absolute);
      this.checkKey(prop, file, key,
        `the file ${absolute} would be the key ${JSON.stringify(key)}, which`, 'give the file in keyedFiles under a valid key, or rename it');
      found.push({ key, file: absolute, prop, value: file, size });
    });
    for (const key of Object.keys(keyedFiles).sort(compare)) {
      const file = keyedFiles[key];
      const prop = `keyedFiles[${JSON.stringify(key)}]`;
      this.checkKey('keyedFiles', key, key, 'it', 'use a valid key for the file');
      const { absolute, size } = this.regularFile(prop, file);
      found.push({ key, file: absolute, prop, value: file, size });
    }

    const byKey = new Map<string, ConfigFile>();
    for (const f of found) {
      const first = byKey.get(f.key);
      if (first !== undefined) {
        throw inputError(this, f.prop, f.value,
          `the file ${f.file} gives the key ${JSON.stringify(f.key)}, which the file ${first.file} (from ${first.prop}) already gives`,
          'one file per key: give one of the two files in keyedFiles under another key, or leave one out');
      }
      byKey.set(f.key, f);
    }
    return found;
  }

  /**
   * The regular files directly in a folder, sorted by name.
   */
  private filesOfDirectory(directory: string): ConfigFile[] {
    const absolute = path.resolve(directory);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    const accepted = 'a folder that holds the configuration files, relative to the current directory or absolute';
    if (stat === undefined) {
      throw inputError(this, 'directory', directory, `the folder ${absolute} does not exist`, accepted);
    }
    if (!stat.isDirectory()) {
      throw inputError(this, 'directory', directory, `${absolute} is not a folder`, accepted);
    }
    const files: ConfigFile[] = [];
    for (const entry of fs.readdirSync(absolute).sort(compare)) {
      const file = path.join(absolute, entry);
      const entryStat = fs.statSync(file, { throwIfNoEntry: false });
      if (entryStat === undefined) {
        throw inputError(this, 'directory', directory, `${file} is a symbolic link to nothing`,
          'a folder whose symbolic links point to existing files');
      }
      if (!entryStat.isFile()) {
        continue; // subfolders, sockets, devices: as kubectl, only regular files
      }
      this.checkKey('directory', directory, entry,
        `the file ${file} would be the key ${JSON.stringify(entry)}, which`, 'rename the file, or leave it out of the folder and give it in keyedFiles under a valid key');
      files.push({ key: entry, file, prop: 'directory', value: directory, size: entryStat.size });
    }
    if (files.length === 0) {
      throw inputError(this, 'directory', directory, `the folder ${absolute} holds no regular file (subfolders are skipped)`,
        'a folder with at least one file directly in it');
    }
    return files;
  }

  /**
   * The absolute path and the size of a file, refused when it is missing or not a regular file.
   */
  private regularFile(prop: string, file: string): { absolute: string; size: number } {
    const accepted = 'a file, relative to the current directory or absolute';
    if (typeof file !== 'string' || file === '') {
      throw inputError(this, prop, file, 'it is not a path', accepted);
    }
    const absolute = path.resolve(file);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    if (stat === undefined) {
      throw inputError(this, prop, file, `the file ${absolute} does not exist`, accepted);
    }
    if (stat.isDirectory()) {
      throw inputError(this, prop, file, `${absolute} is a folder, not a file`, `${accepted} (give a folder as directory)`);
    }
    if (!stat.isFile()) {
      throw inputError(this, prop, file, `${absolute} is not a regular file`, accepted);
    }
    return { absolute, size: stat.size };
  }

  /**
   * Refuses a key that is not a valid ConfigMap key.
   *
   * @param subject the subject of the problem, e.g. `it` or `the file /a/b c would be the key "b c", which`
   * @param fix how to fix it (ends what is accepted)
   */
  private checkKey(prop: string, value: unknown, key: string, subject: string, fix: string): void {
    const problem = FormatRule.CONFIG_KEY.problemWith(key);
    if (problem !== undefined) {
      throw inputError(this, prop, value, `${subject} is not a valid ConfigMap key: ${problem}`,
        `a ${FormatRule.CONFIG_KEY.ruleName} (${FormatRule.CONFIG_KEY.accepted}); ${fix}`);
    }
  }

  /**
   * Refuses files larger than a ConfigMap can hold in all (before they are read).
   */
  private checkTotalSize(props: ConfigFilesProps, files: ConfigFile[]): void {
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total <= MAX_CONFIG_MAP_BYTES) {
      return;
    }
    const given: Record<string, unknown> = {};
    for (const prop of ['directory', 'files', 'keyedFiles'] as const) {
      if (props[prop] !== undefined) {
        given[prop] = props[prop];
      }
    }
    const names = Object.keys(given);
    const prop = names.join('/');
    const value = names.length === 1 ? given[names[0]] : given;
    const largest = files.reduce((a, b) => (b.size > a.size ? b : a));
    throw inputError(this, prop, value,
      `the files hold ${total} bytes in all (${(total / MAX_CONFIG_MAP_BYTES).toFixed(2)} MiB), more than the ${MAX_CONFIG_MAP_BYTES} bytes (1 MiB) a ConfigMap can hold; the largest is ${describeValue(largest.key)} (${largest.size} bytes, ${largest.file})`,
      `files of at most ${MAX_CONFIG_MAP_BYTES} bytes in all (Kubernetes refuses a larger ConfigMap): mount large files from a volume or bake them into the image`);
  }
}

/**
 * Puts entries (sorted) in the `data` or `binaryData` of a ConfigMap.
 *
 * A key named like a property of `Object.prototype` (`constructor`, `toString`, `__proto__`...) is a valid
 * ConfigMap key, but cdk8s-plus-34's `addData` finds it in its (plain object) data and refuses it as "already
 * used", and cdk8s cannot serialize an object with a `constructor` key. With such a key, the entries are added as
 * usual but for those keys, and the whole field is then written by a JSON patch of the ConfigMap's API object
 * (patches apply after serialization): the output is the same as `addData` would give. The prototype-named keys
 * are then missing from `configMap.data` and `configMap.binaryData` (the output has them).
 */
function addEntries(configMap: kplus.ConfigMap, field: 'data' | 'binaryData', entries: Record<string, string>,
  add: (key: string, value: string) => void): void {
  const keys = Object.keys(entries);
  for (const key of keys.filter((k) => !(k in {}))) {
    add(key, entries[key]);
  }
  if (keys.some((k) => k in {})) {
    // JSON.stringify of an object without a prototype keeps every key; the patch's value is a copy of it.
    ApiObject.of(configMap).addJsonPatch(JsonPatch.add(`/${field}`, entries));
  }
}

/**
 * The text of valid UTF-8 bytes, or `undefined` for anything else.
 */
function decode(decoder: TextDecoder, bytes: Buffer): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Orders strings by UTF-16 code units, the same on every machine (unlike `localeCompare`).
 */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
