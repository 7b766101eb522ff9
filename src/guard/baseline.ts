/**
 * Loading the baseline manifests: from a directory, or from a directory of a git commit. Internal: the public
 * entry points are `ChangeGuard.loadDirectory` and `ChangeGuard.loadGitRef`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expandLists } from './resources';
import { isKubernetesObject } from '../analysis/objects';

/** A document of the baseline and the file it comes from. */
export interface SourcedObject {
  readonly object: any;
  /** The file: a path, or `<ref>:<path in the repository>` for a git baseline. */
  readonly source: string;
}

/** Why a baseline could not be read. */
export type BaselineProblem = 'missing' | 'unreadable';

/**
 * A baseline that could not be read. `missing` means there is none yet (the directory does not exist, or not at
 * that ref): the first synth. Not exported from the package (jsii cannot export subclasses of `Error`).
 */
export class BaselineError extends Error {
  constructor(public readonly problem: BaselineProblem, message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

const MANIFEST_FILE = /\.ya?ml$/;

/** Parses the YAML documents of one file; refuses invalid YAML, naming the file. */
export function parseManifests(text: string, source: string): any[] {
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const objects: any[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      throw new BaselineError('unreadable', `${source} is not valid YAML: ${error.message.split('\n')[0]}`);
    }
    const value = document.toJS();
    if (value !== null && value !== undefined) {
      objects.push(value);
    }
  }
  // Only Kubernetes objects: documents of other kinds (data, text) in the directory are not the guard's business.
  return expandLists(objects).filter(isKubernetesObject);
}

/** Reads the *.yaml and *.yml files of a directory (not its subdirectories), in name order. */
export function readDirectory(dir: string): SourcedObject[] {
  const absolute = path.resolve(dir);
  if (!fs.existsSync(absolute)) {
    throw new BaselineError('missing', `the baseline directory ${absolute} does not exist`);
  }
  if (!fs.statSync(absolute).isDirectory()) {
    throw new BaselineError('unreadable', `the baseline ${absolute} is not a directory: give the directory that holds the manifests (e.g. a copy of dist/)`);
  }
  const files = fs.readdirSync(absolute).filter((f) => MANIFEST_FILE.test(f)).sort()
    .map((f) => path.join(absolute, f)).filter((f) => fs.statSync(f).isFile());
  return files.flatMap((file) => parseManifests(fs.readFileSync(file, 'utf-8'), file).map((object) => ({ object, source: file })));
}

/**
 * Reads the *.yaml and *.yml files of a directory as it is at a git ref (a branch, tag or commit), with
 * `git ls-tree` and `git cat-file`: the working tree is not touched.
 *
 * @param repoDir a directory of the git working tree (its root, usually)
 * @param ref e.g. `origin/main`, `HEAD~1`, `v1.2.0`
 * @param pathInRepo the directory, relative to `repoDir`, e.g. `dist`
 */
export function readGitRef(repoDir: string, ref: string, pathInRepo: string): SourcedObject[] {
  const cwd = path.resolve(repoDir);
  if (typeof ref !== 'string' || ref.trim() === '' || ref.startsWith('-') || /[\s\u0000]/.test(ref)) {
    throw new BaselineError('unreadable', `invalid git ref ${JSON.stringify(ref)}: expected a branch, tag or commit such as "origin/main" (not empty, no spaces, not starting with "-")`);
  }
  if (typeof pathInRepo !== 'string' || path.isAbsolute(pathInRepo)) {
    throw new BaselineError('unreadable', `invalid path ${JSON.stringify(pathInRepo)}: expected a directory relative to ${cwd}, e.g. "dist"`);
  }
  if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) {
    throw new BaselineError('unreadable', `the repository directory ${cwd} does not exist`);
  }
  const inside = git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0) {
    throw new BaselineError('unreadable', `${cwd} is not in a git working tree (${firstLine(inside.stderr)}): run the guard in the repository, or give a baselineDir`);
  }
  const commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.status !== 0) {
    throw new BaselineError('unreadable', `the git ref ${JSON.stringify(ref)} is unknown in ${cwd}: fetch it first (a shallow CI clone has only its own branch: `
      + 'git fetch origin main), or name a branch, tag or commit that exists');
  }
  const sha = commit.stdout.trim();
  const prefix = git(cwd, ['rev-parse', '--show-prefix']).stdout.trim();
  const inRepo = path.posix.normalize(path.posix.join(prefix, pathInRepo.split(path.sep).join('/'))).replace(/\/+$/, '');
  if (inRepo === '..' || inRepo.startsWith('../')) {
    throw new BaselineError('unreadable', `the path ${JSON.stringify(pathInRepo)} is outside the repository of ${cwd}`);
  }
  const treeish = `${sha}:${inRepo === '.' ? '' : inRepo}`;
  const where = `${ref} (${sha.slice(0, 12)})`;
  const type = git(cwd, ['cat-file', '-t', treeish]);
  if (type.status !== 0) {
    throw new BaselineError('missing', `${inRepo} does not exist at ${where}`);
  }
  if (type.stdout.trim() !== 'tree') {
    throw new BaselineError('unreadable', `${inRepo} is a file at ${where}, not a directory: give the directory that holds the manifests`);
  }
  const listing = git(cwd, ['ls-tree', '-z', '--full-tree', treeish]);
  const objects: SourcedObject[] = [];
  for (const entry of listing.stdout.split('\u0000').filter((e) => e !== '')) {
    // <mode> SP <type> SP <object> TAB <name>
    const match = /^\d+ (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match || match[1] !== 'blob' || !MANIFEST_FILE.test(match[3])) {
      continue;
    }
    const source = `${ref}:${inRepo === '.' ? '' : `${inRepo}/`}${match[3]}`;
    const blob = git(cwd, ['cat-file', 'blob', match[2]]);
    if (blob.status !== 0) {
      throw new BaselineError('unreadable', `cannot read ${source}: ${firstLine(blob.stderr)}`);
    }
    objects.push(...parseManifests(blob.stdout, source).map((object) => ({ object, source })));
  }
  return objects;
}

interface GitResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs git with its arguments as an array (no shell). */
function git(cwd: string, args: string[]): GitResult {
  const result = spawnSync('git', args, { cwd, encoding: 'utf-8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new BaselineError('unreadable', code === 'ENOENT'
      ? 'git is not installed (or not on the PATH): the baseline at a git ref needs it; install git, or give a baselineDir'
      : `git ${args[0]} failed: ${result.error.message}`);
  }
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no message';
}
