import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  AppIdentity, ContainerImage, ImageLock, PlatformDefaults, PlatformDefaultsProps, PlatformSetting, StatelessWorkload, Warnings,
} from '../../src';
import { only, synth, yamlOf } from '../support/synth';

const DIGEST = `sha256:${'0f3c'.repeat(16)}`;
const LOCK = ImageLock.fromEntries({
  'shop-api': `registry.example.com/shop/api:1.4.2@${DIGEST}`,
  'shop-worker': `registry.example.com/shop/worker:1.4.2@sha256:${'9ab1'.repeat(16)}`,
}, 'images.lock.yaml');

/** A construct under a chart with the given platform defaults. */
function scope(defaults?: PlatformDefaultsProps): Construct {
  const app = Testing.app();
  if (defaults) {
    PlatformDefaults.set(app, defaults);
  }
  return new Construct(new Chart(app, 'shop'), 'Web');
}

describe('by reference', () => {
  test('the reference as written, and the pull policy it calls for', () => {
    expect(ContainerImage.fromReference('nginx:1.27.3').resolve(scope(), 'web')).toMatchObject({
      reference: 'nginx:1.27.3', pullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    });
    expect(ContainerImage.fromReference('ghcr.io/acme/app:stable').resolve(scope(), 'web').pullPolicy).toBe(kplus.ImagePullPolicy.ALWAYS);
  });

  test('the pull policy can be overridden', () => {
    const image = ContainerImage.fromReference('nginx:1.27.3', { pullPolicy: kplus.ImagePullPolicy.ALWAYS });
    expect(image.resolve(scope(), 'web').pullPolicy).toBe(kplus.ImagePullPolicy.ALWAYS);
  });

  test('an invalid reference names the construct, the container and the reference', () => {
    expect(() => ContainerImage.fromReference('Nginx:1.27').resolve(scope(), 'web')).toThrow(
      /^shop\/Web: invalid image of container "web" "Nginx:1\.27": the repository "Nginx" has uppercase letters \(repository names are lowercase\)\. Expected an image reference/,
    );
  });

  test('an untyped caller\'s reference that is not a string is refused as a reference (not read as a logical name of a lock)', () => {
    const image = ContainerImage.fromReference(undefined as unknown as string);
    expect(image.description).toBe('undefined');
    expect(image.tag(scope())).toBeUndefined();
    expect(() => image.resolve(scope(), 'web')).toThrow(/^shop\/Web: invalid image of container "web" \(undefined\): it is undefined, not a string\. Expected an image reference/);
    expect(() => ContainerImage.fromReference(42 as unknown as string).resolve(scope(), 'web')).toThrow(/invalid image of container "web" 42: it is a number, not a string/);
  });
});

describe('by logical name, from a lock', () => {
  test('pinned from the lock given, with IfNotPresent', () => {
    const resolved = ContainerImage.fromLock('shop-api', { lock: LOCK }).resolve(scope(), 'api');
    expect(resolved.reference).toBe(`registry.example.com/shop/api:1.4.2@${DIGEST}`);
    expect(resolved.pullPolicy).toBe(kplus.ImagePullPolicy.IF_NOT_PRESENT);
    expect(resolved.image.isPinned).toBe(true);
  });

  test('pinned from the platform default lock', () => {
    expect(ContainerImage.fromLock('shop-worker').resolve(scope({ imageLock: LOCK }), 'worker').reference)
      .toBe(`registry.example.com/shop/worker:1.4.2@sha256:${'9ab1'.repeat(16)}`);
  });

  test('a name that is not in the lock lists the names that are', () => {
    expect(() => ContainerImage.fromLock('shop-web').resolve(scope({ imageLock: LOCK }), 'web')).toThrow(
      'shop/Web: invalid image of container "web" "lock:shop-web": the image lock images.lock.yaml has no entry "shop-web". Expected one of the names in the lock: shop-api, shop-worker.',
    );
  });

  test('no lock at all', () => {
    expect(() => ContainerImage.fromLock('shop-api').resolve(scope(), 'api')).toThrow(
      /invalid image of container "api" "lock:shop-api": the image is named by a logical name, and there is no image lock\. Expected an image lock: the platform default imageLock/,
    );
  });

  test('a Deployment made with a locked logical image synthesizes with the pinned reference and IfNotPresent', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { imageLock: LOCK, allowedImageRegistries: ['registry.example.com'], requireImageDigest: true });
    const chart = new Chart(app, 'shop');
    const identity = new AppIdentity(chart, 'Identity', { name: 'shop-api', version: '1.4.2' });
    new StatelessWorkload(chart, 'Api', {
      identity,
      container: { name: 'api', image: ContainerImage.fromLock('shop-api'), ports: [{ name: 'http', number: 8080 }] },
    });
    const container = only(synth(chart), 'Deployment').spec.template.spec.containers[0];
    expect(container.image).toBe(`registry.example.com/shop/api:1.4.2@${DIGEST}`);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(yamlOf(chart)).toMatchSnapshot();
  });
});

describe('platform image policy', () => {
  test('short names are pulled from the default registry; names with a registry are kept', () => {
    const s = scope({ imageRegistry: 'registry.example.com/dockerhub' });
    expect(ContainerImage.fromReference('nginx:1.27').resolve(s, 'web').reference).toBe('registry.example.com/dockerhub/library/nginx:1.27');
    expect(ContainerImage.fromReference('bitnami/redis:7.2').resolve(s, 'cache').reference).toBe('registry.example.com/dockerhub/bitnami/redis:7.2');
    expect(ContainerImage.fromReference('docker.io/library/nginx:1.27').resolve(s, 'web').reference).toBe('docker.io/library/nginx:1.27');
    expect(ContainerImage.fromReference('ghcr.io/acme/app:1').resolve(s, 'app').reference).toBe('ghcr.io/acme/app:1');
  });

  test('an image from a registry outside the allowed ones fails, naming the container and the image', () => {
    const s = scope({ allowedImageRegistries: ['registry.example.com', 'ghcr.io/acme'] });
    expect(ContainerImage.fromReference('registry.example.com/shop/api:1').resolve(s, 'api').reference).toBe('registry.example.com/shop/api:1');
    expect(ContainerImage.fromReference('ghcr.io/acme/tool:2').resolve(s, 'tool').reference).toBe('ghcr.io/acme/tool:2');
    expect(() => ContainerImage.fromReference('ghcr.io/other/tool:2').resolve(s, 'tool')).toThrow(
      'shop/Web: invalid image of container "tool" "ghcr.io/other/tool:2": it comes from ghcr.io, which is not an allowed registry. Expected an image from one of the allowed registries: registry.example.com, ghcr.io/acme (platform default allowedImageRegistries).',
    );
    expect(() => ContainerImage.fromReference('nginx:1.27').resolve(s, 'web')).toThrow(/invalid image of container "web" "nginx:1\.27": it comes from docker\.io, which is not an allowed registry/);
    // A registry whose name merely starts like an allowed one is not allowed.
    expect(() => ContainerImage.fromReference('registry.example.com.evil.io/x:1').resolve(s, 'x')).toThrow(/not an allowed registry/);
  });

  test('the default registry applies before the allow-list; Docker Hub may be allowed by name', () => {
    const mirrored = scope({ imageRegistry: 'registry.example.com', allowedImageRegistries: ['registry.example.com'] });
    expect(ContainerImage.fromReference('nginx:1.27').resolve(mirrored, 'web').reference).toBe('registry.example.com/library/nginx:1.27');
    const hub = scope({ allowedImageRegistries: ['docker.io/library'] });
    expect(ContainerImage.fromReference('nginx:1.27').resolve(hub, 'web').reference).toBe('nginx:1.27');
    expect(() => ContainerImage.fromReference('bitnami/redis:7').resolve(hub, 'cache')).toThrow(/it comes from docker\.io, which is not an allowed registry/);
  });

  test('digest required', () => {
    const s = scope({ requireImageDigest: true });
    expect(() => ContainerImage.fromReference('nginx:1.27').resolve(s, 'web')).toThrow(
      'shop/Web: invalid image of container "web" "nginx:1.27": it is not pinned by digest, and the platform requires digests. Expected a reference pinned by digest',
    );
    expect(ContainerImage.fromReference(`nginx:1.27@${DIGEST}`).resolve(s, 'web').reference).toBe(`nginx:1.27@${DIGEST}`);
  });

  test('latest forbidden: no tag, or the latest tag', () => {
    const s = scope({ forbidLatestImageTag: true });
    expect(() => ContainerImage.fromReference('nginx').resolve(s, 'web')).toThrow(
      /invalid image of container "web" "nginx": it has no tag, which means "latest", and the platform forbids latest images\. Expected a reference with a release tag/,
    );
    expect(() => ContainerImage.fromReference('nginx:latest').resolve(s, 'web')).toThrow(/it is tagged "latest", and the platform forbids latest images/);
    expect(ContainerImage.fromReference(`nginx:latest@${DIGEST}`).resolve(s, 'web').pullPolicy).toBe(kplus.ImagePullPolicy.IF_NOT_PRESENT);
  });

  test('with no policy, latest is accepted with a warning that a test can read', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    const web = new Construct(chart, 'Web');
    expect(ContainerImage.fromReference('nginx').resolve(web, 'web').pullPolicy).toBe(kplus.ImagePullPolicy.ALWAYS);
    ContainerImage.fromReference('nginx:1.27').resolve(web, 'other');
    expect(Warnings.of(chart)).toEqual([
      'shop/Web: container "web" uses the image "nginx", which has no tag, which means "latest": a new push changes what runs, and rollbacks cannot go back. Use a release tag or a digest.',
    ]);
  });

  test('the warning is printed at synth', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-warn-')) });
    const chart = new Chart(app, 'shop');
    const image = ContainerImage.fromReference('nginx:latest').resolve(chart, 'web');
    new kplus.Deployment(chart, 'Web', { containers: [{ name: 'web', image: image.reference, imagePullPolicy: image.pullPolicy }] });
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      app.synth();
      expect(write).toHaveBeenCalledWith(expect.stringMatching(/^\[cdk8s-appflow\] WARNING shop: container "web" uses the image "nginx:latest", which is tagged "latest"/));
    } finally {
      write.mockRestore();
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  test('a nearer scope can switch the policy off', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { allowedImageRegistries: ['registry.example.com'] });
    const tools = new Chart(app, 'tools');
    PlatformDefaults.set(tools, { switchOff: [PlatformSetting.ALLOWED_IMAGE_REGISTRIES] });
    expect(ContainerImage.fromReference('busybox:1.36').resolve(new Construct(tools, 'Debug'), 'debug').reference).toBe('busybox:1.36');
  });
});

test('description names the image', () => {
  expect(ContainerImage.fromReference('nginx:1').description).toBe('nginx:1');
  expect(ContainerImage.fromLock('shop-api').description).toBe('lock:shop-api');
});

test('tag: of the reference, or of the reference pinned in the lock; none without one, and no policy or warning applied', () => {
  const s = scope({ imageLock: LOCK, forbidLatestImageTag: true });
  expect(ContainerImage.fromReference('registry.example.com/web:2.4.0-rc1').tag(s)).toBe('2.4.0-rc1');
  expect(ContainerImage.fromReference(`registry.example.com/web@${DIGEST}`).tag(s)).toBeUndefined();
  expect(ContainerImage.fromReference('nginx').tag(s)).toBeUndefined();
  expect(ContainerImage.fromReference('Not A Reference').tag(s)).toBeUndefined();
  expect(ContainerImage.fromLock('shop-api').tag(s)).toBe('1.4.2');
  expect(ContainerImage.fromLock('shop-web').tag(s)).toBeUndefined();
  expect(Warnings.of(s)).toEqual([]);
});
