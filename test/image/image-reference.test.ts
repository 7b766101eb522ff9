import { ImagePullPolicy } from 'cdk8s-plus-34';
import { ImageReference } from '../../src';

const D64 = 'e24f39d3eed6bcc239a56f20098878845f62baa34b9f2be2fd2c38ce9fb0f29e';
const D128 = 'ab'.repeat(64);

interface Expected {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
  pullPolicy: ImagePullPolicy;
}

const ALWAYS = ImagePullPolicy.ALWAYS;
const IF_NOT_PRESENT = ImagePullPolicy.IF_NOT_PRESENT;

/** References from real registries, with their parts once normalised. */
const valid: Array<[string, Expected]> = [
  ['nginx', { registry: 'docker.io', repository: 'library/nginx', pullPolicy: ALWAYS }],
  ['nginx:1.27.3', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27.3', pullPolicy: IF_NOT_PRESENT }],
  ['nginx:latest', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest', pullPolicy: ALWAYS }],
  ['ubuntu:22.04', { registry: 'docker.io', repository: 'library/ubuntu', tag: '22.04', pullPolicy: IF_NOT_PRESENT }],
  ['library/nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', pullPolicy: IF_NOT_PRESENT }],
  ['docker.io/library/nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', pullPolicy: IF_NOT_PRESENT }],
  ['index.docker.io/library/redis:7.2', { registry: 'docker.io', repository: 'library/redis', tag: '7.2', pullPolicy: IF_NOT_PRESENT }],
  ['bitnami/redis:7.2.4', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2.4', pullPolicy: IF_NOT_PRESENT }],
  ['grafana/grafana:10.4.1', { registry: 'docker.io', repository: 'grafana/grafana', tag: '10.4.1', pullPolicy: IF_NOT_PRESENT }],
  [`alpine@sha256:${D64}`, { registry: 'docker.io', repository: 'library/alpine', digest: `sha256:${D64}`, pullPolicy: IF_NOT_PRESENT }],
  ['ghcr.io/fluxcd/source-controller:v1.2.4', { registry: 'ghcr.io', repository: 'fluxcd/source-controller', tag: 'v1.2.4', pullPolicy: IF_NOT_PRESENT }],
  ['ghcr.io/actions/actions-runner:2.316.0', { registry: 'ghcr.io', repository: 'actions/actions-runner', tag: '2.316.0', pullPolicy: IF_NOT_PRESENT }],
  ['quay.io/prometheus/prometheus:v2.51.2', { registry: 'quay.io', repository: 'prometheus/prometheus', tag: 'v2.51.2', pullPolicy: IF_NOT_PRESENT }],
  ['quay.io/jetstack/cert-manager-controller:v1.14.4', { registry: 'quay.io', repository: 'jetstack/cert-manager-controller', tag: 'v1.14.4', pullPolicy: IF_NOT_PRESENT }],
  ['gcr.io/distroless/static:nonroot', { registry: 'gcr.io', repository: 'distroless/static', tag: 'nonroot', pullPolicy: ALWAYS }],
  ['gcr.io/google-containers/pause:3.9', { registry: 'gcr.io', repository: 'google-containers/pause', tag: '3.9', pullPolicy: IF_NOT_PRESENT }],
  ['us-docker.pkg.dev/my-project/my-repo/app:1.0.0', { registry: 'us-docker.pkg.dev', repository: 'my-project/my-repo/app', tag: '1.0.0', pullPolicy: IF_NOT_PRESENT }],
  ['europe-west1-docker.pkg.dev/proj/repo/sub/app:2024.05.01', { registry: 'europe-west1-docker.pkg.dev', repository: 'proj/repo/sub/app', tag: '2024.05.01', pullPolicy: IF_NOT_PRESENT }],
  [`registry.k8s.io/ingress-nginx/controller:v1.10.1@sha256:${D64}`, {
    registry: 'registry.k8s.io', repository: 'ingress-nginx/controller', tag: 'v1.10.1', digest: `sha256:${D64}`, pullPolicy: IF_NOT_PRESENT,
  }],
  [`registry.k8s.io/pause@sha256:${D64}`, { registry: 'registry.k8s.io', repository: 'pause', digest: `sha256:${D64}`, pullPolicy: IF_NOT_PRESENT }],
  ['localhost:5000/app:dev', { registry: 'localhost:5000', repository: 'app', tag: 'dev', pullPolicy: ALWAYS }],
  ['localhost/app:1', { registry: 'localhost', repository: 'app', tag: '1', pullPolicy: IF_NOT_PRESENT }],
  ['10.0.0.12:5000/team/app:1.4.2', { registry: '10.0.0.12:5000', repository: 'team/app', tag: '1.4.2', pullPolicy: IF_NOT_PRESENT }],
  ['192.168.1.10/app', { registry: '192.168.1.10', repository: 'app', pullPolicy: ALWAYS }],
  ['[::1]:5000/app:1.0', { registry: '[::1]:5000', repository: 'app', tag: '1.0', pullPolicy: IF_NOT_PRESENT }],
  ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2', {
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: 'shop/api', tag: '1.4.2', pullPolicy: IF_NOT_PRESENT,
  }],
  ['myregistry.azurecr.io/samples/nginx:1.27', { registry: 'myregistry.azurecr.io', repository: 'samples/nginx', tag: '1.27', pullPolicy: IF_NOT_PRESENT }],
  ['mcr.microsoft.com/dotnet/aspnet:8.0', { registry: 'mcr.microsoft.com', repository: 'dotnet/aspnet', tag: '8.0', pullPolicy: IF_NOT_PRESENT }],
  ['public.ecr.aws/nginx/nginx:1.25-alpine', { registry: 'public.ecr.aws', repository: 'nginx/nginx', tag: '1.25-alpine', pullPolicy: IF_NOT_PRESENT }],
  ['docker.elastic.co/elasticsearch/elasticsearch:8.13.2', { registry: 'docker.elastic.co', repository: 'elasticsearch/elasticsearch', tag: '8.13.2', pullPolicy: IF_NOT_PRESENT }],
  ['nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04', { registry: 'nvcr.io', repository: 'nvidia/cuda', tag: '12.4.1-base-ubuntu22.04', pullPolicy: IF_NOT_PRESENT }],
  ['registry.gitlab.com/group/subgroup/project/image:main', { registry: 'registry.gitlab.com', repository: 'group/subgroup/project/image', tag: 'main', pullPolicy: ALWAYS }],
  ['my_org__team/app-name:V1_rc.2', { registry: 'docker.io', repository: 'my_org__team/app-name', tag: 'V1_rc.2', pullPolicy: IF_NOT_PRESENT }],
  [`registry.example.com/shop/api:1.4.2@sha512:${D128}`, {
    registry: 'registry.example.com', repository: 'shop/api', tag: '1.4.2', digest: `sha512:${D128}`, pullPolicy: IF_NOT_PRESENT,
  }],
];

describe('valid references', () => {
  test.each(valid)('%s', (reference, expected) => {
    const image = ImageReference.parse(reference);
    expect(ImageReference.problemWith(reference)).toBeUndefined();
    expect({
      registry: image.registry,
      repository: image.repository,
      tag: image.tag,
      digest: image.digest,
      pullPolicy: image.defaultPullPolicy,
    }).toEqual({ tag: undefined, digest: undefined, ...expected });
    // Kept as written.
    expect(image.toString()).toBe(reference);
    expect(image.isPinned).toBe(expected.digest !== undefined);
    expect(image.name).toBe(`${expected.registry}/${expected.repository}`);
  });

  test('there are at least 30 of them', () => {
    expect(valid.length).toBeGreaterThanOrEqual(30);
  });
});

const invalid: Array<[string, RegExp]> = [
  ['', /it is empty/],
  ['Nginx:1.0', /the repository "Nginx" has uppercase letters \(repository names are lowercase\)/],
  ['registry.example.com/Shop/api', /the repository "Shop\/api" has uppercase letters/],
  ['nginx:', /the tag after ":" is empty/],
  ['::', /the tag after ":" is empty/],
  ['nginx::1', /the path component "nginx:" is not lowercase letters and digits separated by/],
  ['nginx:-1', /the tag "-1" has characters other than letters, digits, "_", "\." and "-", or starts with "\." or "-"/],
  [`nginx:${'x'.repeat(129)}`, /the tag is 129 characters long, more than 128/],
  ['nginx@sha256:abc', /the sha256 digest has 3 hex digits; sha256 takes 64/],
  [`nginx@sha256:${D64.slice(1)}`, /the sha256 digest has 63 hex digits; sha256 takes 64/],
  [`nginx@sha256:${D64.toUpperCase()}`, /the sha256 digest has uppercase hex digits; digests are lowercase/],
  [`nginx@sha256:${'g'.repeat(64)}`, /the sha256 digest has characters that are not hex digits/],
  [`nginx@md5:${'a'.repeat(32)}`, /the digest algorithm "md5" is not supported \(sha256 or sha512\)/],
  ['nginx@sha256abc', /the digest "sha256abc" has no ":" between the algorithm and the hex digits/],
  ['nginx@', /the digest after "@" is empty/],
  ['a@b@c', /it contains more than one "@"/],
  ['nginx:1.0 ', /it contains white space/],
  ['https://registry.example.com/app:1', /it has a scheme \("?:\/\/"?\); image references have none/],
  ['registry.example.com//app', /the repository "\/app" has an empty path component/],
  ['registry.example.com/app/', /the repository "app\/" has an empty path component/],
  ['-nginx', /the path component "-nginx" is not lowercase letters and digits/],
  ['registry..example.com/app', /the registry "registry\.\.example\.com" is not a host name or \[IPv6\] address with an optional port/],
  ['localhost:99999/app', /the registry port 99999 is not from 1 to 65535/],
  ['registry.example.com:port/app', /the registry "registry\.example\.com:port" is not a host name/],
  [`registry.example.com/${'a/'.repeat(120)}app`, /is 2\d\d characters long, more than 255/],
  ['@sha256:' + D64, /the repository name is empty/],
];

describe('invalid references', () => {
  test.each(invalid)('%j', (reference, problem) => {
    expect(ImageReference.problemWith(reference)).toMatch(problem);
    expect(() => ImageReference.parse(reference)).toThrow(problem);
    expect(() => ImageReference.parse(reference)).toThrow(`invalid image reference ${JSON.stringify(reference)}: `);
    expect(() => ImageReference.parse(reference)).toThrow('Expected an image reference [registry[:port]/]path[:tag][@digest]');
  });

  test('a value that is not a string', () => {
    expect(ImageReference.problemWith(undefined as unknown as string)).toBe('it is undefined, not a string');
    expect(ImageReference.problemWith(42 as unknown as string)).toBe('it is a number, not a string');
  });
});

describe('derived references', () => {
  test('withTag and withDigest keep what is written, and check what they add', () => {
    const image = ImageReference.parse('nginx:1.27');
    expect(image.withTag('1.28').toString()).toBe('nginx:1.28');
    const pinned = image.withDigest(`sha256:${D64}`);
    expect(pinned.toString()).toBe(`nginx:1.27@sha256:${D64}`);
    expect(pinned.isPinned).toBe(true);
    expect(pinned.withTag('1.28').toString()).toBe(`nginx:1.28@sha256:${D64}`);
    expect(() => image.withTag('bad tag')).toThrow(/invalid tag "bad tag" for "nginx:1\.27": the tag "bad tag" has characters/);
    expect(() => image.withDigest('sha256:123')).toThrow(/invalid digest "sha256:123" for "nginx:1\.27": the sha256 digest has 3 hex digits/);
  });

  test('normalize writes the reference in full; the original is unchanged', () => {
    const image = ImageReference.parse('nginx:1.27');
    expect(image.normalize().toString()).toBe('docker.io/library/nginx:1.27');
    expect(ImageReference.parse('bitnami/redis').normalize().toString()).toBe('docker.io/bitnami/redis');
    expect(ImageReference.parse('index.docker.io/library/redis:7').normalize().toString()).toBe('docker.io/library/redis:7');
    expect(ImageReference.parse('ghcr.io/acme/api:1').normalize().toString()).toBe('ghcr.io/acme/api:1');
    expect(image.toString()).toBe('nginx:1.27');
  });

  test('withRegistry moves the normalised path to another registry (a mirror)', () => {
    expect(ImageReference.parse('nginx:1.27').withRegistry('registry.example.com').toString()).toBe('registry.example.com/library/nginx:1.27');
    expect(ImageReference.parse('bitnami/redis:7').withRegistry('registry.example.com/mirror').toString())
      .toBe('registry.example.com/mirror/bitnami/redis:7');
    const moved = ImageReference.parse(`alpine@sha256:${D64}`).withRegistry('localhost:5000');
    expect(moved.registry).toBe('localhost:5000');
    expect(moved.digest).toBe(`sha256:${D64}`);
  });

  test('latest: no tag or the latest tag, unless pinned', () => {
    expect(ImageReference.parse('nginx').usesLatest).toBe(true);
    expect(ImageReference.parse('nginx:latest').usesLatest).toBe(true);
    expect(ImageReference.parse(`nginx:latest@sha256:${D64}`).usesLatest).toBe(false);
    expect(ImageReference.parse('nginx:1.27').usesLatest).toBe(false);
  });

  test('immutable-looking tags have a digit; stable, main, edge do not', () => {
    for (const tag of ['1.27', 'v2', '20240101', '1.4.2-alpine', 'rc1']) {
      expect(ImageReference.parse(`app:${tag}`).hasImmutableLookingTag).toBe(true);
    }
    for (const tag of ['latest', 'stable', 'main', 'edge', 'nonroot']) {
      expect(ImageReference.parse(`app:${tag}`).hasImmutableLookingTag).toBe(false);
    }
  });
});

describe('the same reference parsed again', () => {
  test('gives an equal reference, unchanged by what was derived from the first one', () => {
    const written = 'registry.example.com/shop/api:1.4.2';
    const first = ImageReference.parse(written);
    first.withTag('2.0.0');
    first.withDigest(`sha256:${'a'.repeat(64)}`);
    first.withRegistry('mirror.example.com');
    const again = ImageReference.parse(written);
    expect([again.toString(), again.registry, again.repository, again.tag, again.digest])
      .toEqual([written, 'registry.example.com', 'shop/api', '1.4.2', undefined]);
  });

  test('refuses an invalid reference every time, with the same message', () => {
    expect(() => ImageReference.parse('Shop/API')).toThrow(/invalid image reference "Shop\/API"/);
    expect(() => ImageReference.parse('Shop/API')).toThrow(/invalid image reference "Shop\/API"/);
  });
});
