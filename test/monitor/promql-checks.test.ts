import { parseLabelMatchers, regexProblem } from '../../src/monitor/promql-checks';
import { promqlErrors } from '../support/promql';

describe('regular expressions as Prometheus compiles them (RE2)', () => {
  test.each([
    'web-[a-z0-9]+-[a-z0-9]{5}', 'a|b', '', '(?i)web.*', '(?i:web)-(?-s:.)', '(?P<pod>web)-(?<n>[0-9]+)', '[]a]', '[^]a]', '[[:alpha:]_-]+',
    'a{2,}', 'a{,5}', '{', 'a}', '\\Q(.*\\E', '\\pL+\\p{Greek}\\PN', '\\x41\\x{1F642}', '\\012', '\\-\\.\\[', '\\d\\D\\s\\S\\w\\W', '\\bword\\b', '\\Aweb\\z',
    'a*?b+?', '🙂+',
  ])('%j compiles', (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });

  test.each([
    ['(', 'unterminated group'],
    ['a)', 'unmatched \')\''],
    ['*', 'nothing to repeat'],
    ['a**', 'nothing to repeat'],
    ['\\', 'it ends with a lone "\\"'],
    ['[a-', 'a "[" has no closing "]"'],
    ['[]', 'a "[" has no closing "]"'],
    ['[z-a]', 'range out of order in character class'],
    ['a{2,1}', 'numbers out of order in {} quantifier'],
    ['a{1001}', 'the repetition {1001} counts more than 1000'],
    ['(?=a)b', 'at character 1, the lookaround (?=: RE2 has no lookarounds'],
    ['(?!a)b', 'at character 1, the lookaround (?!: RE2 has no lookarounds'],
    ['b(?<=a)', 'at character 2, the lookaround (?<=: RE2 has no lookarounds'],
    ['b(?<!a)', 'at character 2, the lookaround (?<!: RE2 has no lookarounds'],
    ['(a)\\1', 'at character 4, the backreference \\1: RE2 has no backreferences'],
    ['(?<x>a)\\k<x>', 'at character 8, the backreference \\k: RE2 has no backreferences'],
    ['(?<x>a)(?<x>b)', 'at character 8, the group name "x" is used twice'],
    ['(?P=x)', 'at character 1, the group (?P=... is not one that RE2 knows ((?:...), (?P<name>...), (?<name>...), or flags such as (?i))'],
    ['(?i-)a', 'at character 1, the group (?i-... is not one that RE2 knows ((?:...), (?P<name>...), (?<name>...), or flags such as (?i))'],
    ['\\e', 'at character 1, the escape \\e is not one that RE2 knows'],
    ['\\u0041', 'at character 1, the escape \\u is not one that RE2 knows'],
    ['\\x4', 'at character 1, the escape \\x4 is not \\xHH or \\x{HHHH} of a code point'],
    ['[\\b]', 'at character 2, the escape \\b is not allowed in a character class'],
    ['[[:word]]', 'it has the unknown POSIX class "[:word]]" (known: alnum, alpha, ascii, blank, cntrl, digit, graph, lower, print, punct, space, upper, word, xdigit)'],
    ['a\ud800', 'it has a lone UTF-16 surrogate at character 2, which UTF-8 cannot encode'],
  ])('%j is refused: %s', (pattern, problem) => {
    expect(regexProblem(pattern)).toBe(problem);
  });
});

describe('PromQL label matchers', () => {
  test('name op "value", comma-separated, with white space and a trailing comma; values unescaped', () => {
    const text = ' namespace="shop",service != "web" ,\n job=~"web-(?i)api.*", pod!~"" , a="\\"q\\" \\\\ \\n \\t \\x41 \\101 \\u00e9 \\U0001F642",';
    expect(parseLabelMatchers(text)).toEqual([
      { name: 'namespace', op: '=', value: 'shop' },
      { name: 'service', op: '!=', value: 'web' },
      { name: 'job', op: '=~', value: 'web-(?i)api.*' },
      { name: 'pod', op: '!~', value: '' },
      { name: 'a', op: '=', value: '"q" \\ \n \t A A é 🙂' },
    ]);
    // What is accepted is PromQL.
    expect(promqlErrors(`up{${text}}`)).toEqual([]);
  });

  test.each([
    ['', 'there is no matcher'],
    ['  ', 'there is no matcher'],
    [',', 'at character 1 (","), a label name is expected (letters, digits and "_", not starting with a digit)'],
    ['a="b",,', 'at character 7 (","), a label name is expected (letters, digits and "_", not starting with a digit)'],
    ['1a="b"', 'at character 1 ("1a=\\"b\\""), a label name is expected (letters, digits and "_", not starting with a digit)'],
    ['a.b="c"', 'at character 2 (".b=\\"c\\""), an operator (=, !=, =~ or !~) is expected after the label name a'],
    ['a=="b"', 'at character 3 ("=\\"b\\""), a double-quoted value is expected after a='],
    ['a=\'b\'', 'at character 3 ("\'b\'"), a double-quoted value is expected after a='],
    ['a=`b`', 'at character 3 ("`b`"), a double-quoted value is expected after a='],
    ['a="b" c="d"', 'at character 7 ("c=\\"d\\""), a "," is expected between two matchers'],
    ['a="b', 'at character 3, the value has no closing quote'],
    ['a="line\nbreak"', 'at character 8, the value has a line break (write it as \\n)'],
    ['a="\\q"', 'at character 4, the escape \\q is not one of Go\'s (\\a \\b \\f \\n \\r \\t \\v \\\\ \\" \\xHH \\ooo \\uHHHH \\UHHHHHHHH)'],
    ['a="\\\'"', 'at character 4, the escape \\\' is not one of Go\'s (\\a \\b \\f \\n \\r \\t \\v \\\\ \\" \\xHH \\ooo \\uHHHH \\UHHHHHHHH)'],
    ['a="\\xff"', 'at character 4, the byte escape \\xff is above \\x7f (write the character itself, or a \\u escape)'],
    ['a="\\ud800"', 'at character 4, the escape \\ud800 is not a Unicode code point'],
    ['a="\ud800"', 'at character 4, the value has a lone UTF-16 surrogate, which UTF-8 cannot encode'],
    ['a=~"("', 'the regular expression of a=~ is not one that Prometheus compiles (RE2): unterminated group'],
    ['a!~"(?=x)"', 'the regular expression of a!~ is not one that Prometheus compiles (RE2): at character 1, the lookaround (?=: RE2 has no lookarounds'],
  ])('%j is refused: %s', (text, problem) => {
    expect(parseLabelMatchers(text)).toBe(problem);
  });
});
