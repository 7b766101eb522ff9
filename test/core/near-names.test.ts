import { editDistance, misspeltName } from '../../src/core/near-names';

test('editDistance counts insertions, deletions and substitutions', () => {
  expect([editDistance('replica', 'replicas'), editDistance('timezone', 'timeZone'), editDistance('kitten', 'sitting'), editDistance('', 'abc')]).toEqual([1, 1, 3, 3]);
});

test.each<[string, string | undefined]>([
  ['replica', 'replicas'],
  ['timezone', 'timeZone'],
  ['TIMEZONE', 'timeZone'],
  ['backOffLimit', 'backoffLimit'],
  ['tolerateAllTaint', 'tolerateAllTaints'],
  ['prt', 'port'], // one edit from port, two from ports
  ['prot', undefined], // a transposition is two edits: too far for a short name
  ['tags', undefined], // two edits from args: too far for a short name
  ['team', undefined],
  ['portz', undefined], // one edit from both port and ports: which one?
])('misspeltName(%j) is %j', (name, meant) => {
  expect(misspeltName(name, ['replicas', 'timeZone', 'backoffLimit', 'tolerateAllTaints', 'port', 'ports', 'args', 'name'])).toBe(meant);
});

test.each<[string, string | undefined]>([
  ['port', 'portName'], // an option that names a port takes its name
  ['Port', 'portName'],
  ['servicePort', 'servicePortName'],
  ['portName', undefined], // known
  ['service', undefined], // no serviceName here, and nothing within one edit
])('misspeltName(%j) among the options of a connection or a scrape is %j', (name, meant) => {
  const known = ['to', 'portName', 'envPrefix', 'servicePortName', 'path'];
  expect(misspeltName(name, known.filter((k) => k !== name))).toBe(meant);
});

test.each<[string, string | undefined]>([
  ['activeDeadlineSeconds', 'activeDeadline'], // the Kubernetes field of a Duration prop
  ['ttlSecondsAfterFinished', 'ttlAfterFinished'],
  ['terminationGracePeriodSeconds', 'terminationGracePeriod'],
  ['minReadySeconds', 'minReady'],
  ['seconds', undefined],
])('misspeltName(%j) among Duration props is %j', (name, meant) => {
  expect(misspeltName(name, ['activeDeadline', 'ttlAfterFinished', 'terminationGracePeriod', 'minReady', 'backoffLimit'])).toBe(meant);
});
