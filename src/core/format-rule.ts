import { IConstruct } from 'constructs';
import { checkInteger, inputError, kindOfValue } from './errors';

/**
 * Finds what is wrong with a value, or returns `undefined` when it is fine.
 */
type Diagnose = (value: string) => string | undefined;

/**
 * A naming or format rule of Kubernetes, with the check that refuses a value breaking it.
 *
 * Each rule knows what it accepts, and explains precisely what is wrong with a refused value (its length,
 * the characters that are not allowed, a bad first or last character), so that an error tells the user
 * how to fix the value.
 *
 * @example
 * FormatRule.DNS1123_LABEL.check(this, 'name', props.name);
 */
export class FormatRule {
  /**
   * A DNS-1123 label: most object names (Namespaces, and any name that becomes a DNS label).
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
   */
  public static readonly DNS1123_LABEL = new FormatRule(
    'DNS-1123 label',
    'at most 63 characters of lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. "shop-api")',
    (v) => diagnoseLabel(v, 63, 'a letter or digit'),
  );

  /**
   * A DNS-1123 subdomain: the names of most objects (Deployments, ConfigMaps, Secrets, Ingresses...).
   *
   * Each part between the dots has at most 63 characters, as in DNS (RFC 1123); the API server checks only the
   * whole length, so this is stricter: a name without a dot has at most 63 characters.
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
   */
  public static readonly DNS1123_SUBDOMAIN = new FormatRule(
    'DNS-1123 subdomain',
    'at most 253 characters of lowercase letters, digits, "-" and ".", in parts of at most 63 characters between the dots, each starting and ending with a letter or digit (e.g. "shop-api" or "shop.example.com")',
    (v) => diagnoseSubdomain(v, 253),
  );

  /**
   * A DNS-1035 label: Service names (they must start with a letter).
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names
   */
  public static readonly DNS1035_LABEL = new FormatRule(
    'DNS-1035 label',
    'at most 63 characters of lowercase letters, digits and "-", starting with a letter and ending with a letter or digit (e.g. "shop-api")',
    (v) => diagnoseLabel(v, 63, 'a letter'),
  );

  /**
   * A CronJob name: a DNS-1123 subdomain of at most 52 characters (the controller appends 11 characters
   * to name each Job).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#writing-a-cronjob-spec
   */
  public static readonly CRONJOB_NAME = new FormatRule(
    'CronJob name',
    'a DNS-1123 subdomain of at most 52 characters, since Kubernetes appends 11 characters to name each Job (e.g. "nightly-report")',
    (v) => diagnoseSubdomain(v, 52),
  );

  /**
   * A host name that Ingresses and routes serve: a DNS-1123 subdomain, optionally with a wildcard as its whole
   * leftmost label (`*.example.com`); not an IP address.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards
   */
  public static readonly HOSTNAME = new FormatRule(
    'host name',
    'a lowercase DNS name such as "shop.example.com", optionally with "*." as its whole leftmost label ("*.example.com"), not an IP address',
    diagnoseHostname,
  );

  /**
   * A label key (also the rule for annotation keys): an optional DNS-1123 subdomain prefix and `/`,
   * then a name of at most 63 characters.
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
   */
  public static readonly LABEL_KEY = new FormatRule(
    'label key',
    'an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (e.g. "app.kubernetes.io/name" or "tier")',
    diagnoseQualifiedName,
  );

  /**
   * A label value: empty, or at most 63 characters.
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
   */
  public static readonly LABEL_VALUE = new FormatRule(
    'label value',
    'empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (e.g. "1.4.2")',
    (v) => (v === '' ? undefined : diagnoseLabelName(v)),
  );

  /**
   * A port name: an IANA service name, at most 15 characters.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
   */
  public static readonly PORT_NAME = new FormatRule(
    'port name (IANA service name)',
    'at most 15 lowercase letters, digits and "-", with at least one letter, no "-" at either end and no "--" (e.g. "http" or "metrics")',
    diagnosePortName,
  );

  /**
   * An environment variable name (Kubernetes 1.27 rule).
   *
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
   */
  public static readonly ENV_VAR_NAME = new FormatRule(
    'environment variable name',
    'letters, digits, "_", "-" and ".", not starting with a digit (e.g. "DATABASE_URL")',
    diagnoseEnvVarName,
  );

  /**
   * A key in a ConfigMap or a Secret.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-object
   */
  public static readonly CONFIG_KEY = new FormatRule(
    'ConfigMap or Secret key',
    'at most 253 letters, digits, "-", "_" and ".", other than "." and ".." and not starting with ".." (e.g. "app.properties")',
    diagnoseConfigKey,
  );

  /**
   * A resource quantity, such as a CPU amount or a memory or storage size.
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
   */
  public static readonly QUANTITY = new FormatRule(
    'resource quantity',
    'a number with an optional suffix: binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal (n, u, m, k, M, G, T, P, E) or an exponent (e.g. "500m", "256Mi", "1.5", "1e3")',
    diagnoseQuantity,
  );

  /**
   * The path of an Ingress rule (path type `Prefix` or `Exact`) or of an HTTPRoute match: what the API server
   * accepts of both. It refuses the sequences that a proxy would normalize away ("//", "/./", "/../", an encoded "/"),
   * which Kubernetes refuses for these path types.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch
   */
  public static readonly HTTP_PATH = new FormatRule(
    'HTTP path',
    'an absolute path starting with "/", without "//", "/./", "/../" or an encoded "/" ("%2F"), not ending with "/." or "/.." (e.g. "/" or "/api")',
    diagnoseHttpPath,
  );

  /**
   * The name of an HTTP header of a probe: letters, digits and "-", the subset of RFC 7230's token characters that
   * Kubernetes accepts (its `IsHTTPHeaderName`).
   *
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
   */
  public static readonly HTTP_HEADER_NAME = new FormatRule(
    'HTTP header name',
    'letters, digits and "-" (e.g. "X-Forwarded-Proto"): the characters of an RFC 7230 token that Kubernetes accepts',
    diagnoseHttpHeaderName,
  );

  /**
   * Refuses a port number outside 1–65535 (or not an integer); returns it otherwise.
   *
   * @param scope the construct that received the value (named in the error)
   * @param prop the prop that holds the value (named in the error)
   * @param port the port number
   * @returns the port number
   */
  public static checkPortNumber(scope: IConstruct, prop: string, port: number): number {
    return checkInteger(scope, prop, port, { min: 1, max: 65535, what: 'a port number: an integer' });
  }

  /**
   * The name of the rule, e.g. "DNS-1123 label".
   */
  public readonly ruleName: string;

  /**
   * What the rule accepts, in words, with an example.
   */
  public readonly accepted: string;

  private readonly diagnose: Diagnose;
  /** The diagnoses of the values seen lately: the same names and keys are checked over and over. */
  private readonly seen = new Map<string, string | undefined>();

  private constructor(ruleName: string, accepted: string, diagnose: Diagnose) {
    this.ruleName = ruleName;
    this.accepted = accepted;
    this.diagnose = diagnose;
  }

  /**
   * Explains what is wrong with a value.
   *
   * @returns a description of the problem, or `undefined` when the value follows the rule
   */
  public problemWith(value: string): string | undefined {
    if (typeof value !== 'string') {
      return `it is ${kindOfValue(value)}, not a string`;
    }
    if (this.seen.has(value)) {
      return this.seen.get(value);
    }
    const problem = this.diagnose(value);
    if (this.seen.size >= MEMO_SIZE) {
      this.seen.clear();
    }
    this.seen.set(value, problem);
    return problem;
  }

  /**
   * Whether a value follows the rule.
   */
  public isValid(value: string): boolean {
    return this.problemWith(value) === undefined;
  }

  /**
   * Refuses a value that breaks the rule, with an error that names the construct path, the prop, the value,
   * the problem and what would be accepted; returns the value otherwise.
   *
   * @param scope the construct that received the value
   * @param prop the prop that holds the value
   * @param value the value to check
   * @returns the value
   */
  public check(scope: IConstruct, prop: string, value: string): string {
    const problem = this.problemWith(value);
    if (problem !== undefined) {
      throw inputError(scope, prop, value, problem, `${articleOf(this.ruleName)} ${this.ruleName}: ${this.accepted}`);
    }
    return value;
  }
}

/** The indefinite article of a rule's name, as it is read: "an environment variable name", "an HTTP path", "a label key". */
function articleOf(ruleName: string): string {
  return /^(?:[aeiou]|HTTP\b)/i.test(ruleName) ? 'an' : 'a';
}

/** How many values each rule remembers the diagnosis of (then it starts again). */
const MEMO_SIZE = 4096;

const LOWER_ALNUM = /[a-z0-9]/;
const LABEL_CHAR = /[-a-z0-9]/;
const NAME_CHAR = /[-A-Za-z0-9_.]/;
const ALNUM = /[A-Za-z0-9]/;

/**
 * Lists the characters of `value` that `allowed` does not accept, grouping uppercase letters.
 */
function disallowedCharacters(value: string, allowed: RegExp): string | undefined {
  const bad: string[] = [];
  let uppercase = false;
  for (const ch of value) {
    if (allowed.test(ch)) {
      continue;
    }
    if (/[A-Z]/.test(ch)) {
      uppercase = true;
    } else if (!bad.includes(ch)) {
      bad.push(ch);
    }
  }
  const parts = bad.map((c) => JSON.stringify(c));
  if (uppercase) {
    parts.push('uppercase letters');
  }
  if (parts.length === 0) {
    return undefined;
  }
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const plural = parts.length > 1 || uppercase;
  return `it contains ${list}, which ${plural ? 'are' : 'is'} not allowed`;
}

function tooLong(value: string, max: number): string | undefined {
  return value.length > max ? `it is ${value.length} characters long, more than ${max}` : undefined;
}

/**
 * DNS-1123 label (start: a letter or digit) or DNS-1035 label (start: a letter).
 */
function diagnoseLabel(value: string, max: number, start: 'a letter or digit' | 'a letter'): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  const problem = tooLong(value, max) ?? disallowedCharacters(value, LABEL_CHAR);
  if (problem) {
    return problem;
  }
  const first = value[0];
  if (start === 'a letter' && !/[a-z]/.test(first)) {
    return `it starts with ${JSON.stringify(first)}, not a letter`;
  }
  if (!LOWER_ALNUM.test(first)) {
    return `it starts with ${JSON.stringify(first)}, not a letter or digit`;
  }
  const last = value[value.length - 1];
  if (!LOWER_ALNUM.test(last)) {
    return `it ends with ${JSON.stringify(last)}, not a letter or digit`;
  }
  return undefined;
}

function diagnoseSubdomain(value: string, max: number): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  const problem = tooLong(value, max) ?? disallowedCharacters(value, /[-a-z0-9.]/);
  if (problem) {
    return problem;
  }
  const parts = value.split('.');
  for (const part of parts) {
    if (part === '') {
      return 'it has an empty part between dots (or a dot at either end)';
    }
    const partProblem = diagnoseLabel(part, 63, 'a letter or digit');
    if (partProblem) {
      if (parts.length > 1) {
        return `its part ${JSON.stringify(part)}: ${partProblem}`;
      }
      // One part: its length is the whole length, whose limit (253) is not the one it breaks.
      return part.length > 63 ? `it is ${part.length} characters long without a dot, more than the 63 of a part between dots` : partProblem;
    }
  }
  return undefined;
}

/**
 * The name part of a qualified name (label keys) and label values: at most 63 characters of letters, digits,
 * `-`, `_` and `.`, starting and ending with a letter or digit.
 */
function diagnoseLabelName(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  const problem = tooLong(value, 63) ?? disallowedCharacters(value, NAME_CHAR);
  if (problem) {
    return problem;
  }
  if (!ALNUM.test(value[0])) {
    return `it starts with ${JSON.stringify(value[0])}, not a letter or digit`;
  }
  if (!ALNUM.test(value[value.length - 1])) {
    return `it ends with ${JSON.stringify(value[value.length - 1])}, not a letter or digit`;
  }
  return undefined;
}

function diagnoseHostname(value: string): string | undefined {
  if (value.includes('*') && !/^\*\.[^*]+$/.test(value)) {
    return 'it has a wildcard that is not its whole leftmost label ("*." at the start)';
  }
  const rest = value.startsWith('*.') ? value.slice(2) : value;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    return `it is a URL, not a host name (without "${scheme[0]}" and any path or port)`;
  }
  const port = /^([^:]+):(\d+)$/.exec(rest);
  if (port && !/^[0-9.]+$/.test(port[1])) {
    return `it has a port (":${port[2]}"): a host name has none`;
  }
  if (/^[0-9.]+$/.test(rest) || rest.includes(':')) {
    return 'it is an IP address, not a host name';
  }
  return diagnoseSubdomain(rest, value.startsWith('*.') ? 251 : 253);
}

function diagnoseQualifiedName(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  const slashes = value.split('/').length - 1;
  if (slashes > 1) {
    return `it contains ${slashes} "/", at most one is allowed (between the prefix and the name)`;
  }
  if (slashes === 1) {
    const [prefix, name] = value.split('/');
    if (prefix === '') {
      return 'its prefix before "/" is empty';
    }
    const prefixProblem = diagnoseSubdomain(prefix, 253);
    if (prefixProblem) {
      return `its prefix ${JSON.stringify(prefix)} is not a DNS-1123 subdomain: ${prefixProblem}`;
    }
    const nameProblem = diagnoseLabelName(name);
    return nameProblem ? `its name ${JSON.stringify(name)} after "/": ${nameProblem}` : undefined;
  }
  return diagnoseLabelName(value);
}

function diagnosePortName(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  const problem = tooLong(value, 15) ?? disallowedCharacters(value, LABEL_CHAR);
  if (problem) {
    return problem;
  }
  if (!/[a-z]/.test(value)) {
    return 'it has no letter';
  }
  if (value.startsWith('-') || value.endsWith('-')) {
    return `it ${value.startsWith('-') ? 'starts' : 'ends'} with "-"`;
  }
  if (value.includes('--')) {
    return 'it contains "--"';
  }
  return undefined;
}

function diagnoseEnvVarName(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  const problem = disallowedCharacters(value, /[-._a-zA-Z0-9]/);
  if (problem) {
    return problem;
  }
  if (/[0-9]/.test(value[0])) {
    return `it starts with the digit ${JSON.stringify(value[0])}`;
  }
  return undefined;
}

function diagnoseConfigKey(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  const problem = tooLong(value, 253) ?? disallowedCharacters(value, /[-._a-zA-Z0-9]/);
  if (problem) {
    return problem;
  }
  if (value === '.' || value === '..') {
    return `it is ${JSON.stringify(value)}`;
  }
  if (value.startsWith('..')) {
    return 'it starts with ".."';
  }
  return undefined;
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX_HINTS: Record<string, string> = {
  kb: 'k or Ki',
  kib: 'Ki',
  mb: 'M or Mi',
  mib: 'Mi',
  gb: 'G or Gi',
  gib: 'Gi',
  tb: 'T or Ti',
  tib: 'Ti',
  ki: 'Ki',
  mi: 'Mi (mebibytes; "m" means milli)',
  gi: 'Gi',
  ti: 'Ti',
  pi: 'Pi',
  ei: 'Ei',
  K: 'k or Ki',
  g: 'G or Gi',
  t: 'T or Ti',
};

function diagnoseQuantity(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  if (QUANTITY.test(value)) {
    return undefined;
  }
  if (/\s/.test(value)) {
    return 'it contains white space';
  }
  const match = /^[+-]?(\d+(\.\d*)?|\.\d+)(.*)$/.exec(value);
  if (!match) {
    return 'it does not start with a number';
  }
  const suffix = match[3];
  const hint = SUFFIX_HINTS[suffix] ?? SUFFIX_HINTS[suffix.toLowerCase()];
  return `its suffix ${JSON.stringify(suffix)} is not a quantity suffix${hint ? ` (did you mean ${hint}?)` : ''}`;
}

/** The sequences of a path that Kubernetes refuses in Ingress paths of type Prefix or Exact and in HTTPRoute paths. */
const PATH_SEQUENCES = ['//', '/./', '/../'];
const PATH_ENDINGS = ['/..', '/.'];

function diagnoseHttpPath(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  if (!value.startsWith('/')) {
    return 'it does not start with "/"';
  }
  const sequence = PATH_SEQUENCES.find((s) => value.includes(s));
  if (sequence !== undefined) {
    return `it contains ${JSON.stringify(sequence)}`;
  }
  if (/%2f/i.test(value)) {
    return 'it contains an encoded "/" ("%2F")';
  }
  const end = PATH_ENDINGS.find((s) => value.endsWith(s));
  return end === undefined ? undefined : `it ends with ${JSON.stringify(end)}`;
}

function diagnoseHttpHeaderName(value: string): string | undefined {
  if (value === '') {
    return 'it is empty';
  }
  return disallowedCharacters(value, /[-A-Za-z0-9]/);
}
