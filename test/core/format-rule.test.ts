import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { FormatRule } from '../../src';
import { AppflowInputError } from '../../src/core/errors';

function scope(): Construct {
  return new Construct(Testing.chart(), 'Web');
}

/** [value, a fragment of the problem that the error must state] */
type Refused = [string, RegExp];

const cases: Array<{ rule: FormatRule; accepted: string[]; refused: Refused[] }> = [
  {
    rule: FormatRule.DNS1123_LABEL,
    accepted: ['shop-api', 'a', '0web', 'x'.repeat(63), 'a1-b2'],
    refused: [
      ['', /it is empty/],
      ['Shop_API', /it contains "_" and uppercase letters, which are not allowed/],
      ['shop.api', /it contains "\.", which is not allowed/],
      ['-shop', /it starts with "-"/],
      ['shop-', /it ends with "-"/],
      ['x'.repeat(64), /it is 64 characters long, more than 63/],
    ],
  },
  {
    rule: FormatRule.DNS1123_SUBDOMAIN,
    accepted: ['shop-api', 'shop.example.com', '1.2.3', `${'a'.repeat(63)}.${'b'.repeat(63)}`],
    refused: [
      ['', /it is empty/],
      ['shop..api', /empty part between dots/],
      ['.shop', /empty part between dots/],
      ['shop.-api', /its part "-api": it starts with "-"/],
      ['Shop.example.com', /uppercase letters/],
      ['shop_api', /"_"/],
      [`${'a'.repeat(63)}.${'b'.repeat(64)}`, /its part "b+": it is 64 characters long, more than 63/],
      ['a.'.repeat(127) + 'a', /it is 255 characters long, more than 253/],
      // Without a dot, the name is one part: its limit is the part's (63), which the problem names.
      ['x'.repeat(67), /it is 67 characters long without a dot, more than the 63 of a part between dots/],
    ],
  },
  {
    rule: FormatRule.DNS1035_LABEL,
    accepted: ['shop-api', 'a', 'web1'],
    refused: [
      ['1web', /it starts with "1", not a letter/],
      ['web-', /it ends with "-"/],
      ['web.api', /"\."/],
      ['x'.repeat(64), /64 characters long/],
    ],
  },
  {
    rule: FormatRule.CRONJOB_NAME,
    accepted: ['nightly-report', 'x'.repeat(52), 'report.nightly'],
    refused: [
      ['x'.repeat(53), /it is 53 characters long, more than 52/],
      ['Nightly', /uppercase letters/],
    ],
  },
  {
    rule: FormatRule.HOSTNAME,
    accepted: ['shop.example.com', '*.example.com', 'localhost', 'a-b.c-d.example', 'x.y'],
    refused: [
      ['', /it is empty/],
      ['shop.*.example.com', /it has a wildcard that is not its whole leftmost label/],
      ['*shop.example.com', /it has a wildcard that is not its whole leftmost label/],
      ['*', /it has a wildcard that is not its whole leftmost label/],
      ['10.0.0.1', /it is an IP address, not a host name/],
      ['10.0.0.1:8080', /it is an IP address, not a host name/],
      ['fd00::1', /it is an IP address, not a host name/],
      ['https://shop.example.com', /it is a URL, not a host name \(without "https:\/\/" and any path or port\)/],
      ['http://shop.example.com/api', /it is a URL, not a host name \(without "http:\/\/" and any path or port\)/],
      ['shop.example.com:443', /it has a port \(":443"\): a host name has none/],
      ['Shop.Example.com', /uppercase letters/],
      ['shop_example.com', /"_"/],
      ['shop..example.com', /empty part between dots/],
    ],
  },
  {
    rule: FormatRule.LABEL_KEY,
    accepted: ['app.kubernetes.io/name', 'tier', 'Tier_1.x', 'example.com/My-Key', 'x'.repeat(63)],
    refused: [
      ['', /it is empty/],
      ['a/b/c', /it contains 2 "\/"/],
      ['/name', /its prefix before "\/" is empty/],
      ['Example.com/name', /its prefix "Example.com" is not a DNS-1123 subdomain: .*uppercase/],
      ['example.com/', /its name "" after "\/": it is empty/],
      ['example.com/-name', /its name "-name" after "\/": it starts with "-"/],
      ['x'.repeat(64), /64 characters long/],
      ['has space', /" "/],
    ],
  },
  {
    rule: FormatRule.LABEL_VALUE,
    accepted: ['', '1.4.2', 'v1_2-3', 'Release.Candidate', 'x'.repeat(63)],
    refused: [
      ['1.4.2+build', /"\+"/],
      ['-v1', /it starts with "-"/],
      ['v1.', /it ends with "\."/],
      ['x'.repeat(64), /64 characters long/],
    ],
  },
  {
    rule: FormatRule.PORT_NAME,
    accepted: ['http', 'metrics', 'grpc-web', 'h2c', 'x'.repeat(15)],
    refused: [
      ['', /it is empty/],
      ['x'.repeat(16), /it is 16 characters long, more than 15/],
      ['HTTP', /uppercase/],
      ['8080', /it has no letter/],
      ['-http', /it starts with "-"/],
      ['http-', /it ends with "-"/],
      ['grpc--web', /it contains "--"/],
      ['http_alt', /"_"/],
    ],
  },
  {
    rule: FormatRule.ENV_VAR_NAME,
    accepted: ['DATABASE_URL', 'db.url', 'my-var', '_X', 'a1'],
    refused: [
      ['', /it is empty/],
      ['1VAR', /it starts with the digit "1"/],
      ['MY VAR', /" "/],
      ['A=B', /"="/],
    ],
  },
  {
    rule: FormatRule.CONFIG_KEY,
    accepted: ['app.properties', 'nginx.conf', '.env', 'KEY_1', 'a-b'],
    refused: [
      ['', /it is empty/],
      ['.', /it is "\."/],
      ['..', /it is "\.\."/],
      ['..data', /it starts with "\.\."/],
      ['conf/app.yaml', /"\/"/],
      ['x'.repeat(254), /254 characters long, more than 253/],
    ],
  },
  {
    rule: FormatRule.HTTP_PATH,
    accepted: ['/', '/api', '/api/', '/a.b/c', '/.well-known/acme', '/a..b', '/%20x', '/a#b'],
    refused: [
      ['', /it is empty/],
      ['api', /it does not start with "\/"/],
      ['//', /it contains "\/\/"/],
      ['/a//b', /it contains "\/\/"/],
      ['/a/../b', /it contains "\/\.\.\/"/],
      ['/./a', /it contains "\/\.\/"/],
      ['/a/..', /it ends with "\/\.\."/],
      ['/a/.', /it ends with "\/\."/],
      ['/a%2fb', /it contains an encoded "\/" \("%2F"\)/],
      ['/a%2Fb', /it contains an encoded "\/"/],
    ],
  },
  {
    rule: FormatRule.HTTP_HEADER_NAME,
    accepted: ['X-Forwarded-Proto', 'Host', 'x-b3-traceid', 'Authorization', 'A1'],
    refused: [
      ['', /it is empty/],
      ['X Forwarded', /it contains " ", which is not allowed/],
      ['X_Trace', /it contains "_"/],
      ['X-Token:', /it contains ":"/],
      ['X.Y', /it contains "\."/],
      ['Accept\n', /it contains "\\n"/],
    ],
  },
  {
    rule: FormatRule.QUANTITY,
    accepted: ['500m', '1', '1.5', '256Mi', '1Gi', '2e3', '1E-2', '.5', '+1', '100n', '10u', '1k', '3Ti'],
    refused: [
      ['', /it is empty/],
      ['abc', /it does not start with a number/],
      ['512MB', /its suffix "MB" is not a quantity suffix \(did you mean M or Mi\?\)/],
      ['1gi', /its suffix "gi" is not a quantity suffix \(did you mean Gi\?\)/],
      ['1 Gi', /white space/],
      ['1.2.3', /suffix "\.3"/],
    ],
  },
];

describe.each(cases)('FormatRule $rule.ruleName', ({ rule, accepted, refused }) => {
  test.each(accepted.map((v) => [v]))('accepts %j', (value) => {
    expect(rule.problemWith(value)).toBeUndefined();
    expect(rule.isValid(value)).toBe(true);
    expect(rule.check(scope(), 'prop', value)).toBe(value);
  });

  test.each(refused)('refuses %j', (value, problem) => {
    expect(rule.isValid(value)).toBe(false);
    expect(rule.problemWith(value)).toMatch(problem);
    const s = scope();
    let error: unknown;
    try {
      rule.check(s, 'spec.name', value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppflowInputError);
    const e = error as AppflowInputError;
    // The construct path, the prop, the value, the problem, and what would be accepted.
    expect(e.message).toContain('test/Web: invalid spec.name ');
    expect(e.message).toContain(JSON.stringify(value.length > 80 ? value.slice(0, 80) : value));
    expect(e.message).toMatch(problem);
    // "an environment variable name", "an HTTP path", "a label key".
    const article = ['environment variable name', 'HTTP path', 'HTTP header name'].includes(rule.ruleName) ? 'an' : 'a';
    expect(e.message).toContain(`Expected ${article} ${rule.ruleName}: ${rule.accepted}.`);
    expect(e).toMatchObject({ constructPath: 'test/Web', prop: 'spec.name', value });
  });
});

describe('FormatRule.checkPortNumber', () => {
  test.each([[1], [80], [8080], [65535]])('accepts %d', (port) => {
    expect(FormatRule.checkPortNumber(scope(), 'port', port)).toBe(port);
  });

  test.each([
    [0, /invalid port 0: it is below 1\. Expected a port number: an integer from 1 to 65535\./],
    [65536, /invalid port 65536: it is above 65535/],
    [-80, /it is below 1/],
    [80.5, /invalid port 80\.5: it is not a whole number/],
    [NaN, /invalid port NaN: it is not a finite number/],
    [Infinity, /it is not a finite number/],
  ])('refuses %d', (port, message) => {
    expect(() => FormatRule.checkPortNumber(scope(), 'port', port)).toThrow(message);
    expect(() => FormatRule.checkPortNumber(scope(), 'port', port)).toThrow(/^test\/Web: /);
  });
});

test('a value that is not a string is refused with its type', () => {
  expect(FormatRule.DNS1123_LABEL.problemWith(42 as unknown as string)).toBe('it is a number, not a string');
  expect(() => FormatRule.DNS1123_LABEL.check(scope(), 'name', undefined as unknown as string))
    .toThrow('test/Web: invalid name (undefined): it is undefined, not a string.');
});

test('a long value is quoted in part, with its length', () => {
  const long = 'x'.repeat(300);
  expect(() => FormatRule.DNS1123_LABEL.check(scope(), 'name', long))
    .toThrow(`invalid name ${JSON.stringify('x'.repeat(80))}… (300 characters): it is 300 characters long, more than 63.`);
});

test('a rule gives the same answer for a value checked again, also after many other values', () => {
  // Each rule remembers the diagnoses of the values it saw lately (the same names are checked over and over).
  const first = FormatRule.DNS1123_LABEL.problemWith('Web');
  expect(first).toMatch(/uppercase/);
  expect(FormatRule.DNS1123_LABEL.problemWith('Web')).toBe(first);
  expect(FormatRule.DNS1123_LABEL.problemWith('web')).toBeUndefined();
  for (let i = 0; i < 10_000; i++) {
    expect(FormatRule.DNS1123_LABEL.problemWith(`web-${i}`)).toBeUndefined();
  }
  expect(FormatRule.DNS1123_LABEL.problemWith('Web')).toBe(first);
  expect(FormatRule.DNS1123_LABEL.problemWith('web')).toBeUndefined();
  expect(() => FormatRule.DNS1123_LABEL.check(scope(), 'name', 'Web')).toThrow(/^test\/Web: invalid name "Web": /);
  expect(() => FormatRule.DNS1123_LABEL.check(scope(), 'name', 'Web')).toThrow(/^test\/Web: invalid name "Web": /);
});

