import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { AppIdentity } from '../../src/core/app-identity';
import { AppflowInputError } from '../../src/core/errors';
import { ConfigFiles, ConfigFilesProps } from '../../src/persistence/config-files';
import { ManifestYaml } from '../../src/testing';

const MIB = 1048576;

let dir: string;
let chart: Chart;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-config-files-'));
  chart = Testing.chart();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes a file under the temporary folder (making its folders) and returns its absolute path. */
function write(relative: string, content: string | Buffer): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** The ConfigMap as it is synthesized. */
function manifestOf(config: ConfigFiles): any {
  return ApiObject.of(config.configMap).toJson();
}

/** The error that making a ConfigFiles with these props (in a new chart) throws. */
function refusal(props: ConfigFilesProps): AppflowInputError {
  try {
    new ConfigFiles(Testing.chart(), 'Config', props);
  } catch (e) {
    expect(e).toBeInstanceOf(AppflowInputError);
    return e as AppflowInputError;
  }
  throw new Error('expected the props to be refused');
}

describe('a folder', () => {
  test('gives every regular file directly in it as data, sorted, and skips subfolders', () => {
    write('app.properties', 'greeting=hello\n');
    write('logging.yaml', 'level: info\n');
    write('.env', 'MODE=production\n');
    write('nested/ignored.conf', 'should not be there\n');
    const config = new ConfigFiles(chart, 'Config', { name: 'app-config', directory: dir });

    expect(config.name).toBe('app-config');
    expect(config.keys).toEqual(['.env', 'app.properties', 'logging.yaml']);
    const manifest = manifestOf(config);
    expect(manifest.data).toEqual({
      '.env': 'MODE=production\n',
      'app.properties': 'greeting=hello\n',
      'logging.yaml': 'level: info\n',
    });
    expect(Object.keys(manifest.data)).toEqual(['.env', 'app.properties', 'logging.yaml']);
    expect(manifest.binaryData).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toContain('ignored');
  });

  test('a relative folder is resolved from the current directory', () => {
    write('conf/site.conf', 'listen 8080;\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const config = new ConfigFiles(chart, 'Config', { name: 'site', directory: 'conf' });
      expect(manifestOf(config).data).toEqual({ 'site.conf': 'listen 8080;\n' });
    } finally {
      process.chdir(cwd);
    }
  });

  test('a binary file goes to binaryData, base64, byte for byte', () => {
    write('favicon.ico', Buffer.from([0x00, 0xff, 0xfe]));
    write('index.html', '<h1>hello</h1>\n');
    const config = new ConfigFiles(chart, 'Config', { name: 'site', directory: dir });
    const manifest = manifestOf(config);
    expect(manifest.binaryData).toEqual({ 'favicon.ico': 'AP/+' });
    expect(Buffer.from(manifest.binaryData['favicon.ico'], 'base64')).toEqual(Buffer.from([0x00, 0xff, 0xfe]));
    expect(manifest.data).toEqual({ 'index.html': '<h1>hello</h1>\n' });
    expect(config.keys).toEqual(['favicon.ico', 'index.html']);
  });

  test('text that is not valid UTF-8 (Latin-1) goes to binaryData; UTF-8 text keeps its accents and its BOM', () => {
    write('latin1.txt', Buffer.from('caf\xe9\n', 'latin1'));
    write('utf8.txt', 'café ✓\n');
    write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('key=value\n')]));
    write('empty.txt', '');
    const manifest = manifestOf(new ConfigFiles(chart, 'Config', { name: 'texts', directory: dir }));
    expect(manifest.binaryData).toEqual({ 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]).toString('base64') });
    expect(manifest.data['utf8.txt']).toBe('café ✓\n');
    expect(manifest.data['bom.txt']).toBe('\ufeffkey=value\n');
    expect(manifest.data['empty.txt']).toBe('');
  });

  test('the same files always give the same ConfigMap', () => {
    write('b.conf', 'b\n');
    write('a.conf', 'a\n');
    write('c.bin', Buffer.from([0xff]));
    const first = manifestOf(new ConfigFiles(chart, 'First', { name: 'same', directory: dir }));
    const second = manifestOf(new ConfigFiles(Testing.chart(), 'Second', { name: 'same', directory: dir }));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(Object.keys(first.data)).toEqual(['a.conf', 'b.conf']);
  });
});

describe('files and keyedFiles', () => {
  test('files are keyed by their base name, keyedFiles by the given key, and all sources combine', () => {
    write('shared/app.conf', 'mode=base\n');
    const prod = write('env/prod.conf', 'mode=prod\n');
    const cert = write('certs/ca.der', Buffer.from([0x30, 0x82, 0xff, 0x00]));
    const logging = write('elsewhere/logging-prod.yaml', 'level: warn\n');
    const config = new ConfigFiles(chart, 'Config', {
      name: 'combined',
      directory: path.join(dir, 'shared'),
      files: [cert, prod],
      keyedFiles: { 'logging.yaml': logging, 'override.conf': prod },
    });
    expect(config.keys).toEqual(['app.conf', 'ca.der', 'logging.yaml', 'override.conf', 'prod.conf']);
    const manifest = manifestOf(config);
    expect(manifest.data).toEqual({
      'app.conf': 'mode=base\n',
      'logging.yaml': 'level: warn\n',
      'override.conf': 'mode=prod\n',
      'prod.conf': 'mode=prod\n',
    });
    expect(manifest.binaryData).toEqual({ 'ca.der': Buffer.from([0x30, 0x82, 0xff, 0x00]).toString('base64') });
  });

  test('keys named like properties of Object.prototype are keys like any other (cdk8s-plus-34 would refuse them)', () => {
    write('folder/constructor', 'c\n');
    write('folder/toString', Buffer.from([0xff, 0xfe]));
    write('folder/app.yaml', 'a: 1\n');
    const proto = write('proto.txt', 'p\n');
    const valueOf = write('valueOf.bin', Buffer.from([0x80]));
    const config = new ConfigFiles(chart, 'Config', {
      name: 'prototype-keys',
      directory: path.join(dir, 'folder'),
      // fromEntries: an object literal would read "__proto__" as the prototype.
      keyedFiles: Object.fromEntries([['__proto__', proto], ['valueOf', valueOf], ['hasOwnProperty', proto]]),
    });
    expect(config.keys).toEqual(['__proto__', 'app.yaml', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']);
    const manifest = manifestOf(config);
    // Own keys, in order (JSON.parse makes "__proto__" an own key, as a YAML or JSON reader of the output does).
    expect(JSON.parse(JSON.stringify(manifest.data))).toEqual(JSON.parse('{"__proto__":"p\\n","app.yaml":"a: 1\\n","constructor":"c\\n","hasOwnProperty":"p\\n"}'));
    expect(Object.keys(manifest.data)).toEqual(['__proto__', 'app.yaml', 'constructor', 'hasOwnProperty']);
    expect(Object.keys(manifest.binaryData)).toEqual(['toString', 'valueOf']);
    expect(manifest.binaryData.toString).toBe(Buffer.from([0xff, 0xfe]).toString('base64'));
    // The YAML (validated strictly on the way) holds every key.
    expect(ManifestYaml.ofChart(chart)).toContain([
      'binaryData:',
      '  toString: //4=',
      '  valueOf: gA==',
      'data:',
      '  __proto__: |',
      '    p',
      '  app.yaml: |',
      '    a: 1',
      '  constructor: |',
      '    c',
      '  hasOwnProperty: |',
      '    p',
    ].join('\n'));
  });

  test('relative paths are resolved from the current directory', () => {
    write('conf/a.conf', 'a\n');
    write('conf/b.conf', 'b\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const config = new ConfigFiles(chart, 'Config', { name: 'rel', files: ['conf/a.conf'], keyedFiles: { 'renamed.conf': './conf/b.conf' } });
      expect(manifestOf(config).data).toEqual({ 'a.conf': 'a\n', 'renamed.conf': 'b\n' });
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('metadata', () => {
  test('the identity labels go on the ConfigMap', () => {
    const identity = new AppIdentity(chart, 'Identity', { name: 'web', version: '1.27.0', partOf: 'shop' });
    const config = new ConfigFiles(chart, 'Config', { name: 'web-config', files: [write('app.conf', 'x\n')], identity });
    expect(manifestOf(config).metadata).toEqual({
      name: 'web-config',
      labels: {
        'app.kubernetes.io/name': 'web',
        'app.kubernetes.io/instance': 'web',
        'app.kubernetes.io/version': '1.27.0',
        'app.kubernetes.io/part-of': 'shop',
        'app.kubernetes.io/managed-by': 'cdk8s',
      },
    });
  });

  test('without identity, no labels', () => {
    const config = new ConfigFiles(chart, 'Config', { name: 'plain', files: [write('app.conf', 'x\n')] });
    expect(manifestOf(config).metadata).toEqual({ name: 'plain' });
  });

  test('immutable is false unless asked', () => {
    const file = write('app.conf', 'x\n');
    const mutable = new ConfigFiles(chart, 'Mutable', { name: 'mutable', files: [file] });
    const immutable = new ConfigFiles(chart, 'Immutable', { name: 'immutable', files: [file], immutable: true });
    expect(mutable.configMap.immutable).toBe(false);
    expect(manifestOf(mutable).immutable).toBe(false);
    expect(immutable.configMap.immutable).toBe(true);
    expect(manifestOf(immutable).immutable).toBe(true);
  });

  test('the ConfigMap is the child "Resource"', () => {
    const config = new ConfigFiles(chart, 'Config', { name: 'child', files: [write('app.conf', 'x\n')] });
    expect(config.node.findChild('Resource')).toBe(config.configMap);
    expect(config.configMap.name).toBe('child');
  });
});

test('the chart synthesizes one valid ConfigMap', () => {
  write('app.conf', 'x=1\n');
  write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]));
  const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
  new ConfigFiles(chart, 'Config', { name: 'web-config', directory: dir, identity, immutable: true });
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  expect(manifests[0]).toEqual({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config', labels: identity.labels },
    immutable: true,
    data: { 'app.conf': 'x=1\n' },
    binaryData: { 'logo.png': 'iVBORw0KGgoA/w==' },
  });
});

test('a ConfigMap of exactly 1 MiB is accepted', () => {
  write('big.txt', 'a'.repeat(MIB - 10));
  write('small.txt', 'b'.repeat(10));
  const config = new ConfigFiles(chart, 'Config', { name: 'big', directory: dir });
  expect(config.keys).toEqual(['big.txt', 'small.txt']);
  expect(manifestOf(config).data['big.txt']).toHaveLength(MIB - 10);
});

test('snapshot: an nginx configuration folder', () => {
  const nginx = path.join(dir, 'nginx');
  write('nginx/nginx.conf', [
    'worker_processes auto;',
    'pid /tmp/nginx.pid;',
    '',
    'events {',
    '  worker_connections 1024;',
    '}',
    '',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    '  sendfile on;',
    '  keepalive_timeout 65;',
    '  client_body_temp_path /tmp/client_temp;',
    '  include /etc/nginx/conf.d/*.conf;',
    '}',
    '',
  ].join('\n'));
  write('nginx/mime.types', [
    'types {',
    '  text/html html htm;',
    '  text/css css;',
    '  application/javascript js;',
    '  application/json json;',
    '  image/png png;',
    '  image/svg+xml svg;',
    '}',
    '',
  ].join('\n'));
  write('nginx/default.conf', [
    'server {',
    '  listen 8080;',
    '  server_name _;',
    '  root /usr/share/nginx/html;',
    '',
    '  location / {',
    '    try_files $uri $uri/ /index.html;',
    '  }',
    '',
    '  location = /healthz {',
    '    access_log off;',
    '    return 200 "ok\\n";',
    '  }',
    '}',
    '',
  ].join('\n'));
  write('nginx/snippets/gzip.conf', 'gzip on;\n');
  const identity = new AppIdentity(chart, 'Identity', { name: 'web', component: 'frontend', partOf: 'shop' });
  const config = new ConfigFiles(chart, 'NginxConfig', { name: 'web-nginx', directory: nginx, identity });
  expect(config.keys).toEqual(['default.conf', 'mime.types', 'nginx.conf']);
  expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
});

describe('refused inputs', () => {
  const SOURCES = 'at least one of directory (a folder), files (a list of files) and keyedFiles (a map of key to file)';

  test.each([
    ['nothing', {}],
    ['empty lists', { files: [], keyedFiles: {} }],
  ])('no source: %s', (_what, sources) => {
    const error = refusal({ name: 'app', ...sources });
    expect(error.constructPath).toBe('test/Config');
    expect(error.prop).toBe('directory/files/keyedFiles');
    expect(error.message).toBe(`test/Config: invalid directory/files/keyedFiles (undefined): no folder and no file is given. Expected ${SOURCES}.`);
  });

  test.each<[string, unknown, string, string]>([
    ['files as a string', { name: 'app', files: 'a.conf' }, 'files', 'test/Config: invalid files "a.conf": it is a string, not a list. Expected a list of file paths'],
    ['files as a map', { name: 'app', files: { 'a.conf': 'a.conf' } }, 'files', 'test/Config: invalid files {"a.conf":"a.conf"}: it is an object, not a list.'],
    ['keyedFiles as a list', { name: 'app', keyedFiles: ['a.conf'] }, 'keyedFiles', 'test/Config: invalid keyedFiles ["a.conf"]: it is a list, not an object.'],
    ['no props', undefined, 'props', 'test/Config: invalid props (undefined): there are no props.'],
  ])('an untyped caller\'s %s: refused against the prop, never a TypeError', (_what, props, prop, message) => {
    const error = refusal(props as ConfigFilesProps);
    expect(error.prop).toBe(prop);
    expect(error.message.startsWith(message)).toBe(true);
  });

  test('a missing folder names the absolute path', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const error = refusal({ name: 'app', directory: 'conf' });
      expect(error.message).toMatch(/^test\/Config: invalid directory "conf": /);
      expect(error.problem).toBe(`the folder ${path.join(fs.realpathSync(dir), 'conf')} does not exist`);
    } finally {
      process.chdir(cwd);
    }
  });

  test('a file given as directory', () => {
    const file = write('app.conf', 'x\n');
    const error = refusal({ name: 'app', directory: file });
    expect(error.message).toContain(`test/Config: invalid directory ${JSON.stringify(file)}: ${file} is not a folder. Expected a folder`);
  });

  test('a folder without a regular file (only a subfolder)', () => {
    write('nested/app.conf', 'x\n');
    const error = refusal({ name: 'app', directory: dir });
    expect(error.prop).toBe('directory');
    expect(error.message).toContain(`: the folder ${dir} holds no regular file (subfolders are skipped). Expected a folder with at least one file directly in it.`);
  });

  test('a dangling symbolic link in the folder', () => {
    write('app.conf', 'x\n');
    fs.symlinkSync(path.join(dir, 'gone.conf'), path.join(dir, 'link.conf'));
    const error = refusal({ name: 'app', directory: dir });
    expect(error.message).toContain(`invalid directory ${JSON.stringify(dir)}: ${path.join(dir, 'link.conf')} is a symbolic link to nothing`);
  });

  test('a missing file in files names the index and the absolute path', () => {
    const existing = write('app.conf', 'x\n');
    const missing = path.join(dir, 'missing.conf');
    const error = refusal({ name: 'app', files: [existing, missing] });
    expect(error.message).toBe(`test/Config: invalid files[1] ${JSON.stringify(missing)}: the file ${missing} does not exist. Expected a file, relative to the current directory or absolute.`);
  });

  test('a missing file in keyedFiles names the key', () => {
    const missing = path.join(dir, 'missing.conf');
    const error = refusal({ name: 'app', keyedFiles: { 'app.conf': missing } });
    expect(error.prop).toBe('keyedFiles["app.conf"]');
    expect(error.message).toContain(`test/Config: invalid keyedFiles["app.conf"] ${JSON.stringify(missing)}: the file ${missing} does not exist.`);
  });

  test('a folder given where a file is expected', () => {
    fs.mkdirSync(path.join(dir, 'conf.d'));
    const folder = path.join(dir, 'conf.d');
    expect(refusal({ name: 'app', files: [folder] }).message)
      .toContain(`test/Config: invalid files[0] ${JSON.stringify(folder)}: ${folder} is a folder, not a file. Expected a file, relative to the current directory or absolute (give a folder as directory).`);
    expect(refusal({ name: 'app', keyedFiles: { 'app.conf': folder } }).message)
      .toContain(`invalid keyedFiles["app.conf"] ${JSON.stringify(folder)}: ${folder} is a folder, not a file.`);
  });

  test('an empty path, and a path that is not a regular file (a device)', () => {
    expect(refusal({ name: 'app', files: [''] }).message)
      .toBe('test/Config: invalid files[0] "": it is not a path. Expected a file, relative to the current directory or absolute.');
    expect(refusal({ name: 'app', keyedFiles: { null: '/dev/null' } }).message)
      .toBe('test/Config: invalid keyedFiles["null"] "/dev/null": /dev/null is not a regular file. Expected a file, relative to the current directory or absolute.');
  });

  test('two files with one key name both paths', () => {
    const first = write('a/app.conf', 'a\n');
    const second = write('b/app.conf', 'b\n');
    const error = refusal({ name: 'app', directory: path.join(dir, 'a'), files: [second] });
    expect(error.message).toContain(`test/Config: invalid files[0] ${JSON.stringify(second)}: the file ${second} gives the key "app.conf", which the file ${first} (from directory) already gives. Expected one file per key`);

    const third = write('c/other.conf', 'c\n');
    const keyed = refusal({ name: 'app', files: [second], keyedFiles: { 'app.conf': third } });
    expect(keyed.message).toContain(`invalid keyedFiles["app.conf"] ${JSON.stringify(third)}: the file ${third} gives the key "app.conf", which the file ${second} (from files[0]) already gives`);
  });

  test('a file name that is not a ConfigMap key, in a folder', () => {
    write('my config.yaml', 'x: 1\n');
    const error = refusal({ name: 'app', directory: dir });
    expect(error.prop).toBe('directory');
    expect(error.message).toContain(`test/Config: invalid directory ${JSON.stringify(dir)}: the file ${path.join(dir, 'my config.yaml')} would be the key "my config.yaml", which is not a valid ConfigMap key: it contains " ", which is not allowed. Expected a ConfigMap or Secret key (at most 253 letters`);
    expect(error.accepted).toContain('give it in keyedFiles under a valid key');
  });

  test('a file name that is not a ConfigMap key, in files', () => {
    const file = write('réglages.conf', 'x\n');
    const error = refusal({ name: 'app', files: [file] });
    expect(error.message).toContain(`test/Config: invalid files[0] ${JSON.stringify(file)}: the file ${file} would be the key "réglages.conf", which is not a valid ConfigMap key: it contains "é"`);
  });

  test('a key of keyedFiles that is not a ConfigMap key', () => {
    const file = write('app.conf', 'x\n');
    const error = refusal({ name: 'app', keyedFiles: { '../app.conf': file } });
    expect(error.message).toContain('test/Config: invalid keyedFiles "../app.conf": it is not a valid ConfigMap key: it contains "/", which is not allowed. Expected a ConfigMap or Secret key');
  });

  test('more than 1 MiB of files in all says the size found', () => {
    write('big.txt', 'a'.repeat(MIB - 10));
    write('small.bin', Buffer.alloc(11, 0xff));
    const error = refusal({ name: 'app', directory: dir });
    expect(error.message).toContain(`test/Config: invalid directory ${JSON.stringify(dir)}: the files hold 1048577 bytes in all (1.00 MiB), more than the 1048576 bytes (1 MiB) a ConfigMap can hold; the largest is "big.txt" (1048566 bytes, ${path.join(dir, 'big.txt')}). Expected files of at most 1048576 bytes in all`);
  });

  test('more than 1 MiB across sources names every source given', () => {
    const big = write('big.txt', 'a'.repeat(MIB));
    const small = write('small.txt', 'b');
    const error = refusal({ name: 'app', files: [big], keyedFiles: { 'other.txt': small } });
    expect(error.prop).toBe('files/keyedFiles');
    expect(error.message).toContain('the files hold 1048577 bytes in all');
    expect(error.message).toContain(JSON.stringify(big));
  });

  test.each([
    ['uppercase', 'App-Config', 'it contains uppercase letters, which are not allowed'],
    ['empty', '', 'it is empty'],
    ['underscore', 'app_config', 'it contains "_", which is not allowed'],
  ])('an invalid name: %s', (_what, name, problem) => {
    const error = refusal({ name, files: [write('app.conf', 'x\n')] });
    expect(error.message).toBe(`test/Config: invalid name ${JSON.stringify(name)}: ${problem}. Expected a DNS-1123 subdomain: ${error.accepted.slice('a DNS-1123 subdomain: '.length)}.`);
    expect(error.prop).toBe('name');
    expect(error.accepted).toMatch(/^a DNS-1123 subdomain: at most 253 characters/);
  });
});
