import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImageLock } from '../../src';

const D = (c: string) => c.repeat(64);
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

test('reads a YAML lock', () => {
  const file = write('images.lock.yaml', [
    'images:',
    `  shop-api: registry.example.com/shop/api:1.4.2@sha256:${D('a')}`,
    `  shop-worker: registry.example.com/shop/worker@sha256:${D('b')}`,
  ].join('\n'));
  const lock = ImageLock.fromFile(file);
  expect(lock.source).toBe(file);
  expect(lock.names).toEqual(['shop-api', 'shop-worker']);
  expect(lock.pinnedReference('shop-api')).toBe(`registry.example.com/shop/api:1.4.2@sha256:${D('a')}`);
  expect(lock.pinnedReference('nope')).toBeUndefined();
});

test('reads a JSON lock', () => {
  const file = write('images.lock.json', JSON.stringify({ images: { 'shop/api': `ghcr.io/acme/api@sha256:${D('c')}` } }));
  expect(ImageLock.fromFile(file).pinnedReference('shop/api')).toBe(`ghcr.io/acme/api@sha256:${D('c')}`);
});

test('a missing file names the path', () => {
  const file = path.join(dir, 'missing.yaml');
  expect(() => ImageLock.fromFile(file)).toThrow(`image lock file not found: ${file}. Expected a JSON or YAML file with an \`images\` map`);
});

test.each([
  ['not YAML', 'images: [unclosed', /is not valid JSON or YAML/],
  ['two documents', 'images: {}\n---\nimages: {}\n', /does not hold one object/],
  ['a list', '- a\n- b\n', /does not hold one object/],
  ['no images map', 'image:\n  a: b\n', /has no `images` map/],
  ['images is a list', 'images:\n  - a\n', /has no `images` map/],
  ['an entry that is not a string', 'images:\n  api: 42\n', /entry "api": the value 42 is not a string/],
  ['an invalid reference', 'images:\n  api: Registry.example.com/Shop/API:1\n', /entry "api": "Registry\.example\.com\/Shop\/API:1" is not a valid image reference: the repository "Shop\/API" has uppercase letters/],
  ['a reference without digest', 'images:\n  api: registry.example.com/shop/api:1.4.2\n', /entry "api": "registry\.example\.com\/shop\/api:1\.4\.2" is not pinned by digest; a lock pins every image/],
  ['a bad logical name', `images:\n  Shop API: registry.example.com/a@sha256:${D('a')}\n`, /entry "Shop API": the logical name is not lowercase letters/],
])('a malformed lock is refused with the file and the entry: %s', (_what, content, message) => {
  const file = write('lock.yaml', content);
  expect(() => ImageLock.fromFile(file)).toThrow(message);
  expect(() => ImageLock.fromFile(file)).toThrow(file);
});

test('fromEntries checks the entries the same way', () => {
  expect(() => ImageLock.fromEntries({ api: 'nginx:1.27' }, 'test lock')).toThrow('image lock test lock, entry "api": "nginx:1.27" is not pinned by digest');
  expect(ImageLock.fromEntries({ api: `nginx@sha256:${D('d')}` }).names).toEqual(['api']);
});
