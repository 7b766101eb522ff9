/**
 * The versions the docs give are those of package.json: README's install command and peer dependency ranges, and the
 * exact versions docs/development.md says the project is tested with (the issue found README's cdk8s range apart from
 * package.json's).
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf-8'));
const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf-8');
const development = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'development.md'), 'utf-8');

/** The section of README under a `## ` heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

test('README: the install command names every peer dependency, and the ranges it gives are package.json\'s', () => {
  const install = section(readme, 'Install in your project');
  const command = install.match(/^npm install (.+)$/m)?.[1].split(/\s+/) ?? [];
  expect(command[0]).toBe(pkg.name);
  expect(command.slice(1).sort()).toEqual(Object.keys(pkg.peerDependencies).sort());
  const ranges = Object.fromEntries([...install.matchAll(/([\w@/-]+) \((\^[^)]+)\)/g)].map((m) => [m[1], m[2]]));
  expect(ranges).toEqual(pkg.peerDependencies);
});

test('docs/development.md: the exact versions the project is tested with are the dev dependencies of package.json', () => {
  const pinned = development.match(/^- \*\*(cdk8s [^*]+)\*\*/m)?.[1];
  expect(pinned).toBeDefined();
  const versions = Object.fromEntries(pinned!.split(', ').map((entry) => entry.split(' ')));
  expect(Object.keys(versions).sort()).toEqual(Object.keys(pkg.peerDependencies).sort());
  for (const [name, version] of Object.entries(versions)) {
    expect([name, pkg.devDependencies[name]]).toEqual([name, version]);
    // The peer range starts at the version tested.
    expect([name, pkg.peerDependencies[name]]).toEqual([name, `^${version}`]);
  }
});

test('what a mismatch looks like: a range README gives that package.json does not have', () => {
  const drifted = section(readme, 'Install in your project').replace(/cdk8s \(\^[^)]+\)/, 'cdk8s (^2.70)');
  const ranges = Object.fromEntries([...drifted.matchAll(/([\w@/-]+) \((\^[^)]+)\)/g)].map((m) => [m[1], m[2]]));
  expect(ranges).not.toEqual(pkg.peerDependencies);
});
