import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Warnings } from '../../src';
import { addWarningWhile } from '../../src/core/warnings';

test('warnings are recorded on the construct and read from any scope above it', () => {
  const chart = Testing.chart();
  const web = new Construct(chart, 'Web');
  const sidecar = new Construct(web, 'Sidecar');
  Warnings.add(web, 'first');
  Warnings.add(sidecar, 'second');
  Warnings.add(web, 'third');
  expect(Warnings.of(chart)).toEqual(['test/Web: first', 'test/Web: third', 'test/Web/Sidecar: second']);
  expect(Warnings.of(sidecar)).toEqual(['test/Web/Sidecar: second']);
  expect(Warnings.of(new Construct(chart, 'Quiet'))).toEqual([]);
});

test('cdk8s synth prints each warning once, with the construct path', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-warnings-'));
  const app = new App({ outdir });
  const web = new Construct(new Chart(app, 'shop'), 'Web');
  Warnings.add(web, 'risky');
  Warnings.add(web, 'also risky');
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    app.synth();
    const printed = write.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('[cdk8s-appflow]'));
    expect(printed).toEqual(['[cdk8s-appflow] WARNING shop/Web: risky\n', '[cdk8s-appflow] WARNING shop/Web: also risky\n']);
  } finally {
    write.mockRestore();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('a warning added after a synth is printed at the next one', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-warnings-'));
  const app = new App({ outdir });
  const web = new Construct(new Chart(app, 'shop'), 'Web');
  Warnings.add(web, 'first');
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    app.synth();
    Warnings.add(web, 'second');
    app.synth();
    const printed = write.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('[cdk8s-appflow]'));
    expect(printed).toEqual(['[cdk8s-appflow] WARNING shop/Web: first\n', '[cdk8s-appflow] WARNING shop/Web: second\n']);
  } finally {
    write.mockRestore();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('Warnings.print prints what is recorded and not printed yet, once (for a step after the validation)', () => {
  const web = new Construct(Testing.chart(), 'Web');
  Warnings.add(web, 'first');
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    Warnings.print(web);
    Warnings.add(web, 'second');
    Warnings.print(web);
    Warnings.print(web);
    expect(write.mock.calls.map((c) => String(c[0]))).toEqual(['[cdk8s-appflow] WARNING test/Web: first\n', '[cdk8s-appflow] WARNING test/Web: second\n']);
  } finally {
    write.mockRestore();
  }
});

test('a conditional warning is read with the construct as it is then: in Warnings.of() and when printed', () => {
  const web = new Construct(Testing.chart(), 'Web');
  let risky = true;
  addWarningWhile(web, 'risky while it lasts', () => risky);
  Warnings.add(web, 'always');
  expect(Warnings.of(web)).toEqual(['test/Web: always', 'test/Web: risky while it lasts']);
  risky = false;
  expect(Warnings.of(web)).toEqual(['test/Web: always']);
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    Warnings.print(web);
    risky = true;
    Warnings.print(web);
    Warnings.print(web);
    expect(write.mock.calls.map((c) => String(c[0]))).toEqual(['[cdk8s-appflow] WARNING test/Web: always\n', '[cdk8s-appflow] WARNING test/Web: risky while it lasts\n']);
  } finally {
    write.mockRestore();
  }
});
