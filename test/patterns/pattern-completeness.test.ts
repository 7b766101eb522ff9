/**
 * Every prop of a workload kind has its counterpart on the pattern of that kind, or a stated reason why not: a prop
 * added to a workload and forgotten on its pattern fails here. The props are read from the TypeScript declarations
 * (the compiler's view of the interfaces, inherited props included), not from a list kept by hand.
 */
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

/** Workload props that a pattern takes in another form, with the reason. */
const NOT_ON_THE_PATTERN: Record<string, string> = {
  identity: 'the pattern makes the identity from name, version, component and partOf',
  name: 'the pattern names its workload after the application (`name`)',
  container: 'the pattern\'s own props are the main container\'s (ContainerOptions, image, port/ports)',
  platformDefaults: 'platform defaults are set on a scope with PlatformDefaults.set, above the pattern',
  serviceName: 'the headless Service of a StatefulService is named after the application (`<name>-headless`)',
};

/** Props of a container that the patterns' main container takes in another form. */
const NOT_ON_THE_MAIN_CONTAINER: Record<string, string> = {
  name: 'the main container is named after the application',
  image: 'the pattern\'s `image`',
  runAsUser: 'the pattern\'s `runAsUser` is the pod\'s (a container of its own that runs as another user is a sidecar)',
  exitsOnItsOwn: 'a main container runs until the pod stops (read for the sidecars of jobs)',
};

const PAIRS: Array<[string, string]> = [
  ['StatelessWorkloadProps', 'WebServiceProps'],
  ['StatefulWorkloadProps', 'StatefulServiceProps'],
  ['DaemonWorkloadProps', 'NodeDaemonProps'],
  ['BatchWorkloadProps', 'BatchJobProps'],
  ['ScheduledWorkloadProps', 'ScheduledJobProps'],
];

let checker: ts.TypeChecker;
let exported: Map<string, ts.Symbol>;

beforeAll(() => {
  const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true });
  checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!;
  exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).map((s) => [s.name, s]));
});

function propsOf(name: string): string[] {
  const symbol = exported.get(name);
  if (symbol === undefined) {
    throw new Error(`${name} is not exported from src/index.ts`);
  }
  const declared = checker.getDeclaredTypeOfSymbol(symbol);
  return checker.getPropertiesOfType(declared).map((p) => p.name).sort();
}

test('the props are read from the declarations, inherited ones included', () => {
  expect(propsOf('StatefulWorkloadProps')).toEqual(expect.arrayContaining(['identity', 'partition', 'replicas', 'serviceName', 'sidecars', 'volumes']));
  expect(propsOf('StatefulServiceProps')).toEqual(expect.arrayContaining(['name', 'partition', 'publish', 'replicas', 'sidecars']));
});

test.each(PAIRS)('every prop of %s is on %s, or has a stated reason', (workload, pattern) => {
  const onPattern = new Set(propsOf(pattern));
  const missing = propsOf(workload).filter((p) => !onPattern.has(p) && !(p in NOT_ON_THE_PATTERN));
  expect(missing).toEqual([]);
});

test('every prop of a container is on the patterns\' main container (AppPatternProps), or has a stated reason', () => {
  const onPattern = new Set(propsOf('AppPatternProps'));
  expect(propsOf('AppContainerProps').filter((p) => !onPattern.has(p) && !(p in NOT_ON_THE_MAIN_CONTAINER))).toEqual([]);
});

test('the stated reasons name props that exist (no stale reason)', () => {
  const workloadProps = new Set(PAIRS.flatMap(([workload]) => propsOf(workload)));
  expect(Object.keys(NOT_ON_THE_PATTERN).filter((p) => !workloadProps.has(p))).toEqual([]);
  const containerProps = new Set(propsOf('AppContainerProps'));
  expect(Object.keys(NOT_ON_THE_MAIN_CONTAINER).filter((p) => !containerProps.has(p))).toEqual([]);
});
