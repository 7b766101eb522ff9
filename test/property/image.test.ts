/**
 * Property tests of bad input: ImageReference and ContainerImage (by reference and from a lock, under the image
 * policy of the platform defaults), ImageLock and RegistryCredentials. See test/property/harness.ts.
 */
import * as kplus from 'cdk8s-plus-34';
import * as fc from 'fast-check';
import { hostileString, imageReference, mostly, name, optional, wrongType } from './arbitraries';
import { assertOutcomes, propertyParameters, propertyTimeout, synthOrRefuse } from './harness';
import {
  AppIdentity, ContainerImage, ImageLock, ImageReference, PlatformDefaults, PlatformDefaultsProps, RegistryCredentials, StatelessWorkload,
} from '../../src';

/** Strings shaped like image references, with the parts that the grammar cares about. */
const referenceLike: fc.Arbitrary<string> = fc.oneof(
  imageReference,
  fc.tuple(
    optional(fc.constantFrom('ghcr.io', 'localhost', 'localhost:5000', 'registry.example.com:443', 'Registry.io', '[::1]:5000', 'a_b.io', 'host:0',
      'host:65536', 'index.docker.io', 'docker.io')),
    fc.array(fc.stringMatching(/^[a-z0-9]([._-]{0,2}[a-z0-9]){0,3}$/), { minLength: 1, maxLength: 3 }),
    optional(mostly(fc.stringMatching(/^[\w][\w.-]{0,10}$/), fc.constantFrom('', '-x', '.x', 'a'.repeat(129), 'latest', 'a b'))),
    optional(mostly(fc.constantFrom(`sha256:${'a'.repeat(64)}`, `sha512:${'0'.repeat(128)}`),
      fc.constantFrom('', 'sha256:', `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `md5:${'a'.repeat(32)}`, 'sha256:xyz', 'nocolon')), 0.3),
  ).map(([domain, path, tag, digest]) => `${domain !== undefined ? `${domain}/` : ''}${path.join('/')}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`),
);

describe('ImageReference', () => {
  const RUNS = 500;

  test('parse() succeeds exactly when problemWith() finds nothing; a refusal says what is expected; a parsed reference round-trips', () => {
    fc.assert(fc.property(fc.oneof(referenceLike, wrongType), (reference) => {
      const problem = ImageReference.problemWith(reference);
      if (problem !== undefined) {
        expect(problem).not.toBe('');
        // ImageReference is not a construct: its error names the value and what is expected, not a path.
        expect(() => ImageReference.parse(reference)).toThrow(/^invalid image reference .*\. Expected an image reference /s);
        return;
      }
      const parsed = ImageReference.parse(reference);
      const again = ImageReference.parse(parsed.toString());
      expect(again.toString()).toBe(parsed.toString());
      expect(ImageReference.parse(parsed.normalize().toString()).name).toBe(parsed.name);
      expect(parsed.usesLatest).toBe(!parsed.isPinned && (parsed.tag === undefined || parsed.tag === 'latest'));
    }), propertyParameters(RUNS));
  });

  test('withTag() and withDigest() give a reference that parses, or refuse the tag or digest saying what is expected', () => {
    const tag = mostly(fc.stringMatching(/^[\w][\w.-]{0,10}$/), hostileString, 3);
    const digest = mostly(fc.constantFrom(`sha256:${'b'.repeat(64)}`, `sha512:${'c'.repeat(128)}`), hostileString, 3);
    fc.assert(fc.property(imageReference.filter((r) => ImageReference.problemWith(r) === undefined), tag, digest, (reference, t, d) => {
      const image = ImageReference.parse(reference);
      for (const make of [() => image.withTag(t), () => image.withDigest(d)]) {
        let made: ImageReference | undefined;
        try {
          made = make();
        } catch (error) {
          expect((error as Error).message).toMatch(/^invalid (tag|digest) .*\. Expected an image reference /s);
        }
        if (made) {
          expect(ImageReference.problemWith(made.toString())).toBeUndefined();
        }
      }
    }), propertyParameters(RUNS));
  });
});

const registry = mostly(
  fc.constantFrom('registry.example.com', 'localhost:5000', 'ghcr.io/acme', 'docker.io', 'index.docker.io'),
  fc.constantFrom('https://registry.example.com', 'registry.example.com/', 'Registry.Example.com'),
  10,
);

const imagePolicy: fc.Arbitrary<PlatformDefaultsProps> = fc.record({
  imageRegistry: optional(registry, 0.3),
  allowedImageRegistries: optional(fc.array(registry, { minLength: 1, maxLength: 2 }), 0.3),
  requireImageDigest: optional(fc.boolean(), 0.3),
  forbidLatestImageTag: optional(fc.boolean(), 0.3),
}, { requiredKeys: [] });

/** A lock, usually valid. */
const lockEntries = fc.dictionary(
  mostly(fc.constantFrom('shop-api', 'web', 'acme/worker'), hostileString, 8),
  mostly(fc.constantFrom(`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`, `registry.example.com/web:1.0@sha256:${'d'.repeat(64)}`), referenceLike, 4),
  { maxKeys: 3, noNullPrototype: true },
);

describe('ContainerImage', () => {
  const RUNS = 120;

  test('by reference or from a lock, under the platform image policy: a valid image in the pod spec, or a refusal', () => {
    const arbitrary = fc.record({
      policy: imagePolicy,
      source: fc.oneof(
        { weight: 3, arbitrary: fc.record({ reference: referenceLike }) },
        { weight: 1, arbitrary: fc.record({ logicalName: mostly(fc.constantFrom('shop-api', 'web', 'missing'), hostileString, 6), entries: lockEntries }) },
      ),
      pullPolicy: optional(mostly(fc.constantFrom(...Object.values(kplus.ImagePullPolicy)), fc.constantFrom('Sometimes') as fc.Arbitrary<any>), 0.3),
    });
    const counts = assertOutcomes(arbitrary, RUNS, ({ policy, source, pullPolicy }) => {
      let image: ContainerImage;
      if ('reference' in source) {
        image = ContainerImage.fromReference(source.reference, { pullPolicy });
      } else {
        let lock: ImageLock | undefined;
        try {
          lock = ImageLock.fromEntries(source.entries);
        } catch (error) {
          // ImageLock is not a construct: its error names the lock, the entry and what is expected.
          expect((error as Error).message).toMatch(/^image lock .*, entry .*\. Expected /s);
          return synthOrRefuse(() => undefined);
        }
        image = ContainerImage.fromLock(source.logicalName, { lock, pullPolicy });
      }
      return synthOrRefuse(({ chart }) => {
        PlatformDefaults.set(chart, policy);
        new StatelessWorkload(chart, 'Web', {
          identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
          container: { image, ports: [{ name: 'http', number: 8080 }] },
        });
      });
    });
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

describe('RegistryCredentials', () => {
  const RUNS = 80;

  test('a login: a valid pull Secret referenced by the pods, or a refusal', () => {
    process.env.APPFLOW_PROPERTY_REGISTRY_PASSWORD = 's3cr3t';
    const arbitrary = fc.record({
      registry: mostly(fc.constantFrom('registry.example.com', 'localhost:5000', 'ghcr.io'), hostileString, 6),
      username: mostly(fc.constantFrom('robot', 'ci@acme', 'ünï'), fc.oneof(hostileString, fc.constant('a:b')), 6),
      secretName: optional(name, 0.3),
      passwordEnv: mostly(fc.constant('APPFLOW_PROPERTY_REGISTRY_PASSWORD'), fc.constantFrom('APPFLOW_PROPERTY_UNSET', undefined as any), 8),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (props) => synthOrRefuse(({ chart }) => {
      const credentials = RegistryCredentials.fromLogin(chart, 'Login', props);
      const web = new StatelessWorkload(chart, 'Web', {
        identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
        container: { image: ContainerImage.fromReference('registry.example.com/web:1.0.0'), ports: [{ name: 'http', number: 8080 }] },
      });
      RegistryCredentials.addToPods(web.workload, [credentials]);
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});
