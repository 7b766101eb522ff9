import * as fs from 'fs';
import * as path from 'path';

/*
 * The app-repo starter: `npx cdk8s-appflow init <dir>` writes a ready application repository (package.json,
 * cdk8s.yaml with the validation plugin and the change guard, main.ts with one WebService, a YAML snapshot test
 * through the strict validator, .gitignore, tsconfig.json, README.md) from the template files of the package's
 * `starter/` folder. Not part of the jsii API (a command of the npm package, see bin/cdk8s-appflow.js). It needs nothing
 * but Node.js: it imports no other folder of the library.
 */

/** The package's root folder (package.json, starter/): lib/src/starter/ when compiled, src/starter/ in the sources. */
function packageRoot(): string {
  const candidates = [path.resolve(__dirname, '..', '..', '..'), path.resolve(__dirname, '..', '..')];
  const root = candidates.find((dir) => fs.existsSync(path.join(dir, 'starter', 'main.ts')) && fs.existsSync(path.join(dir, 'package.json')));
  if (root === undefined) {
    throw new Error(`the starter's template files are missing (looked for starter/main.ts in ${candidates.join(' and ')}): reinstall cdk8s-appflow`);
  }
  return root;
}

/** The template files, as they are in the package, and their names in the new repository. */
const TEMPLATE_FILES: ReadonlyArray<readonly [string, string]> = [
  ['main.ts', 'main.ts'],
  ['main.test.ts', 'main.test.ts'],
  ['cdk8s.yaml', 'cdk8s.yaml'],
  ['README.md', 'README.md'],
  ['tsconfig.json', 'tsconfig.json'],
  ['yaml-snapshot-serializer.js', 'yaml-snapshot-serializer.js'],
  // npm leaves .gitignore files out of packages: the template is named without the dot.
  ['gitignore', '.gitignore'],
];

/** What the starter wrote. */
export interface StarterResult {
  /** The folder, absolute. */
  readonly directory: string;
  /** The application name (the chart, the namespace, the package), from the folder's name. */
  readonly name: string;
  /** The files written, relative to the folder, sorted. */
  readonly files: string[];
}

/** An error of the starter's input: the command prints its message, without a stack trace. */
export class StarterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StarterError';
  }
}

/**
 * The application name of a folder: its name in lower case, each run of characters other than letters and digits
 * turned into one hyphen, at most 40 characters — a DNS-1123 label, for the chart, the namespace and the Service.
 */
export function appNameOf(directory: string): string {
  const base = path.basename(path.resolve(directory));
  const name = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  if (!/^[a-z]/.test(name)) {
    throw new StarterError(`cdk8s-appflow init: invalid directory ${JSON.stringify(directory)}: its name ${JSON.stringify(base)} `
      + 'makes no application name (the chart, the namespace and the Service are named after it). '
      + 'Expected a name that starts with a letter, e.g. "shop-web".');
  }
  return name;
}

/** What the starter reads of the library's package.json. */
export interface LibraryPackage {
  readonly version: string;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
}

/** The package.json of the new repository: the versions of cdk8s and the tools that this version of the library is tested with. */
export function starterPackageJson(name: string, library: LibraryPackage): string {
  const plus = Object.keys(library.peerDependencies).find((p) => /^cdk8s-plus-\d+$/.test(p));
  if (plus === undefined) {
    throw new Error('cdk8s-appflow init: the package.json of cdk8s-appflow names no cdk8s-plus peer dependency');
  }
  const tested = (dependency: string): string => {
    const version = library.devDependencies[dependency];
    if (version === undefined) {
      throw new Error(`cdk8s-appflow init: the package.json of cdk8s-appflow has no version of ${dependency}`);
    }
    return version;
  };
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    description: `The Kubernetes manifests of ${name} (cdk8s, cdk8s-appflow)`,
    scripts: {
      synth: 'cdk8s synth',
      // The type check first: tsx (synth) and ts-jest (isolated modules) only strip the types.
      test: 'tsc && jest',
    },
    dependencies: {
      'cdk8s': tested('cdk8s'),
      'cdk8s-appflow': `^${library.version}`,
      [plus]: tested(plus),
      'constructs': tested('constructs'),
    },
    devDependencies: {
      '@types/jest': tested('@types/jest'),
      '@types/node': tested('@types/node'),
      'cdk8s-cli': tested('cdk8s-cli'),
      'jest': tested('jest'),
      'ts-jest': tested('ts-jest'),
      'tsx': tested('tsx'),
      'typescript': tested('typescript'),
    },
    jest: {
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
      transform: { '^.+\\.ts$': ['ts-jest', {}] },
      snapshotSerializers: ['<rootDir>/yaml-snapshot-serializer.js'],
    },
  };
  return `${JSON.stringify(pkg, undefined, 2)}\n`;
}

/**
 * Writes a new application repository into a folder that does not exist or is empty.
 *
 * @throws StarterError when the folder is not empty, is a file, or its name makes no application name
 */
export function writeStarter(directory: string): StarterResult {
  const dir = path.resolve(directory);
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) {
      throw new StarterError(`cdk8s-appflow init: invalid directory ${JSON.stringify(directory)}: ${dir} is a file. Expected a new or empty directory.`);
    }
    const present = fs.readdirSync(dir);
    if (present.length > 0) {
      const shown = present.sort().slice(0, 5).join(', ') + (present.length > 5 ? `, and ${present.length - 5} more` : '');
      throw new StarterError(`cdk8s-appflow init: invalid directory ${JSON.stringify(directory)}: ${dir} is not empty (${shown}); `
        + 'nothing was written. Expected a new or empty directory.');
    }
  }
  const name = appNameOf(dir);
  const root = packageRoot();
  const library = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
  const files = new Map<string, string>([['package.json', starterPackageJson(name, library)]]);
  for (const [template, target] of TEMPLATE_FILES) {
    files.set(target, fs.readFileSync(path.join(root, 'starter', template), 'utf-8').replace(/\{\{name\}\}/g, name));
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of files) {
    fs.writeFileSync(path.join(dir, file), text);
  }
  return { directory: dir, name, files: [...files.keys()].sort() };
}

const USAGE = `Usage: npx cdk8s-appflow init <directory>

Writes a new application repository into <directory> (new, or empty): package.json, cdk8s.yaml (the validation plugin
and the change guard), main.ts (one WebService), main.test.ts (a YAML snapshot through the strict validator),
tsconfig.json, .gitignore and README.md. The application is named after the directory.
`;

/**
 * The command line: `init <directory>`, `--help`. Returns the exit code; writes what it did to `out`, errors to `err`.
 */
export function runCommand(args: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? err : out)(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command !== 'init') {
    err(`cdk8s-appflow: unknown command ${JSON.stringify(command)}. Expected "init <directory>" (or --help).\n`);
    return 1;
  }
  const options = rest.filter((a) => a.startsWith('-'));
  if (options.length > 0) {
    err(`cdk8s-appflow init: unknown option ${JSON.stringify(options[0])}. Expected only the directory: npx cdk8s-appflow init <directory>.\n`);
    return 1;
  }
  if (rest.length !== 1) {
    err(`cdk8s-appflow init: ${rest.length === 0 ? 'no directory' : `${rest.length} directories (${rest.map((a) => JSON.stringify(a)).join(', ')})`}. `
      + 'Expected one: npx cdk8s-appflow init <directory>.\n');
    return 1;
  }
  try {
    const result = writeStarter(rest[0]);
    const where = path.relative(process.cwd(), result.directory) || '.';
    out([
      `Wrote the application ${result.name} into ${result.directory}: ${result.files.join(', ')}.`,
      '',
      'Next:',
      ...(where === '.' ? [] : [`  cd ${where}`]),
      '  npm install',
      '  npx cdk8s synth   # the manifests in dist/, checked',
      '  npm test          # the YAML snapshots, through the strict validator (the first run writes them: commit them)',
      '',
    ].join('\n'));
    return 0;
  } catch (e) {
    if (e instanceof StarterError) {
      err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
