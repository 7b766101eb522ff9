import { Cron, CronOptions, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { describeValue, inputError } from '../core/errors';
import { editDistance } from '../core/near-names';

/**
 * What a CronJob schedule accepts, in words, with examples (the end of the error message).
 */
const SCHEDULE_ACCEPTED = '5 fields "minute hour day-of-month month day-of-week" separated by spaces, each "*", a number, '
  + 'a range "a-b", a step "*/n", "a/n" or "a-b/n", or a comma-separated list of these '
  + '(minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-6 or SUN-SAT with 0 for Sunday; '
  + '"?" is "*" in day-of-month and day-of-week), or one of the macros @hourly, @daily, @midnight, @weekly, @monthly, '
  + '@yearly and @annually, without a "TZ=" prefix (e.g. "0 3 * * *", "*/15 * * * MON-FRI" or "@daily")';

/**
 * What a CronJob time zone accepts (the end of the error message).
 */
const TIME_ZONE_ACCEPTED = 'an IANA time zone name such as "Europe/Berlin", "America/New_York" or "Etc/UTC"';

/**
 * The macros that robfig/cron v3 `ParseStandard` accepts (apart from `@every`), as 5 fields.
 */
const MACROS: Record<string, CronOptions> = {
  '@yearly': { minute: '0', hour: '0', day: '1', month: '1', weekDay: '*' },
  '@annually': { minute: '0', hour: '0', day: '1', month: '1', weekDay: '*' },
  '@monthly': { minute: '0', hour: '0', day: '1', month: '*', weekDay: '*' },
  '@weekly': { minute: '0', hour: '0', day: '*', month: '*', weekDay: '0' },
  '@daily': { minute: '0', hour: '0', day: '*', month: '*', weekDay: '*' },
  '@midnight': { minute: '0', hour: '0', day: '*', month: '*', weekDay: '*' },
  '@hourly': { minute: '0', hour: '*', day: '*', month: '*', weekDay: '*' },
};

const MACRO_LIST = '@hourly, @daily, @midnight, @weekly, @monthly, @yearly and @annually';

/**
 * One of the 5 fields of a schedule.
 */
interface FieldSpec {
  /** The name of the field in messages, e.g. `day-of-week`. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** The names of the values, from `min` on (upper case), for month and day-of-week. */
  readonly names?: string[];
  /** How the names are described, e.g. `a month name (JAN-DEC)`. */
  readonly namesDescription?: string;
  /** Whether `?` (same as `*`) is allowed. */
  readonly question: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59, question: false },
  { name: 'hour', min: 0, max: 23, question: false },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
    namesDescription: 'a month name (JAN-DEC)',
    question: false,
  },
  {
    name: 'day-of-week',
    min: 0,
    max: 6,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
    namesDescription: 'a day name (SUN-SAT)',
    question: true,
  },
];

/**
 * The schedule of a CronJob, checked against the syntax that Kubernetes 1.27 accepts.
 *
 * Kubernetes parses schedules with robfig/cron v3 (`ParseStandard`): 5 fields
 * ("minute hour day-of-month month day-of-week") or a macro such as `@daily`. The time zone is not part of the
 * schedule: set it with the CronJob's `timeZone` field (see {@link TimeZone}).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 *
 * @example
 * const schedule = CronSchedule.expression('0 3 * * MON-FRI').check(this, 'schedule');
 * new kplus.CronJob(this, 'Report', { schedule: schedule.toCron(), timeZone: TimeZone.check(this, 'timeZone', 'Europe/Berlin') });
 */
export class CronSchedule {
  /**
   * A schedule from a cron expression.
   *
   * The expression is 5 fields ("minute hour day-of-month month day-of-week") or a macro: `@hourly`, `@daily`
   * (= `@midnight`), `@weekly`, `@monthly`, `@yearly` (= `@annually`). It is not checked until used: call
   * {@link CronSchedule.check} (or {@link CronSchedule.problemWith}).
   *
   * @param expression the cron expression, e.g. "0 3 * * *", "*\/15 * * * MON-FRI" or "@daily"
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  public static expression(expression: string): CronSchedule {
    return new CronSchedule(expression);
  }

  /**
   * Once an hour, at minute 0 (`@hourly`, i.e. "0 * * * *").
   */
  public static hourly(): CronSchedule {
    return new CronSchedule('@hourly');
  }

  /**
   * Once a day, at midnight (`@daily`, i.e. "0 0 * * *").
   */
  public static daily(): CronSchedule {
    return new CronSchedule('@daily');
  }

  /**
   * Once a week, at midnight between Saturday and Sunday (`@weekly`, i.e. "0 0 * * 0").
   */
  public static weekly(): CronSchedule {
    return new CronSchedule('@weekly');
  }

  /**
   * Once a month, at midnight on the first day (`@monthly`, i.e. "0 0 1 * *").
   */
  public static monthly(): CronSchedule {
    return new CronSchedule('@monthly');
  }

  /**
   * Once a year, at midnight on January 1 (`@yearly`, i.e. "0 0 1 1 *").
   */
  public static yearly(): CronSchedule {
    return new CronSchedule('@yearly');
  }

  /**
   * The cron expression, as given.
   */
  public readonly expressionString: string;

  private constructor(expression: string) {
    this.expressionString = expression;
  }

  /**
   * Explains what is wrong with the schedule.
   *
   * @returns a description of the problem (e.g. `its hour field "25" is out of range 0-23`, or that it never runs
   * because no month has the day it names), or `undefined` when Kubernetes accepts the schedule and it runs
   */
  public problemWith(): string | undefined {
    return diagnoseSchedule(this.expressionString) ?? (runsOf(this.expressionString) === undefined ? NEVER_RUNS : undefined);
  }

  /**
   * The longest time between two runs of the schedule (in UTC, over eight years, so that a run on February 29 counts),
   * e.g. 1 day for `@daily`, 7 days for `@weekly`, 3 days for "0 3 * * MON-FRI" (Friday to Monday). Throws an
   * `Error` when the schedule is invalid: call {@link CronSchedule.check} first to have the construct path in the error.
   */
  public longestInterval(): Duration {
    const problem = this.problemWith();
    if (problem !== undefined) {
      throw new Error(`invalid schedule ${describeValue(this.expressionString)}: ${problem}. Expected ${SCHEDULE_ACCEPTED}.`);
    }
    return Duration.minutes(runsOf(this.expressionString)!.longestGap);
  }

  /**
   * The first run of the schedule in a time zone that a change to daylight saving time skips, in 2026, on a day when
   * the schedule has no other run, e.g. `2026-03-29 02:30 (the clocks go from 02:00 to 03:00)` for "30 2 * * *" in
   * Europe/Berlin: the CronJob controller does not run a job scheduled in the hour the clocks skip, so the job does not
   * run that day. Undefined when no day loses its runs (a zone without daylight saving time, runs outside its changes,
   * or other runs the same day). Throws an `Error` when the schedule or the time zone is
   * invalid: call {@link CronSchedule.check} and {@link TimeZone.check} first to have the construct path in the error.
   *
   * @param timeZone an IANA time zone, e.g. `Europe/Berlin`
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
   */
  public skippedRunIn(timeZone: string): string | undefined {
    const problem = this.problemWith() ?? TimeZone.problemWith(timeZone);
    if (problem !== undefined) {
      throw new Error(`invalid schedule ${describeValue(this.expressionString)} in ${describeValue(timeZone)}: ${problem}.`);
    }
    const run = skippedRun(this.expressionString, timeZone);
    return run && `${run.date} ${run.time} (the clocks go from ${run.gapFrom} to ${run.gapTo})`;
  }

  /**
   * Refuses a schedule that Kubernetes would refuse, or that never runs (February 30), with an error that names the construct path, the prop, the
   * expression, the problem and what would be accepted; returns the schedule otherwise.
   *
   * @param scope the construct that received the schedule
   * @param prop the prop that holds the schedule, e.g. `schedule`
   * @returns this schedule
   */
  public check(scope: IConstruct, prop: string): CronSchedule {
    const problem = this.problemWith();
    if (problem !== undefined) {
      throw inputError(scope, prop, this.expressionString, problem, SCHEDULE_ACCEPTED);
    }
    return this;
  }

  /**
   * The schedule as a cdk8s `Cron`, for the `schedule` of cdk8s-plus' `CronJob`.
   *
   * A macro becomes its 5 fields (e.g. `@daily` becomes "0 0 * * *"); the fields of an expression are passed
   * through as written (separated by one space). Throws an `Error` when the schedule is invalid: call
   * {@link CronSchedule.check} first to have the construct path in the error.
   */
  public toCron(): Cron {
    const problem = this.problemWith();
    if (problem !== undefined) {
      throw new Error(`invalid schedule ${describeValue(this.expressionString)}: ${problem}. Expected ${SCHEDULE_ACCEPTED}.`);
    }
    const macro = MACROS[this.expressionString];
    if (macro !== undefined) {
      return Cron.schedule(macro);
    }
    const [minute, hour, day, month, weekDay] = this.expressionString.split(/ +/);
    return Cron.schedule({ minute, hour, day, month, weekDay });
  }
}

/**
 * The time zone of a CronJob (its `timeZone` field), checked as Kubernetes 1.27 checks it.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
 * @see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones
 */
export class TimeZone {
  /**
   * Explains what is wrong with a time zone name.
   *
   * @param timeZone an IANA time zone name, e.g. "Europe/Berlin"
   * @returns a description of the problem, or `undefined` when the name is an IANA time zone that Kubernetes accepts
   * @see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones
   */
  public static problemWith(timeZone: string): string | undefined {
    return diagnoseTimeZone(timeZone);
  }

  /**
   * Refuses a time zone that Kubernetes would refuse (or that is unknown), with an error that names the construct
   * path, the prop, the value, the problem and what would be accepted; returns the time zone otherwise.
   *
   * @param scope the construct that received the time zone
   * @param prop the prop that holds the time zone, e.g. `timeZone`
   * @param timeZone an IANA time zone name, e.g. "Europe/Berlin"
   * @returns the time zone
   * @see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones
   */
  public static check(scope: IConstruct, prop: string, timeZone: string): string {
    const problem = diagnoseTimeZone(timeZone);
    if (problem !== undefined) {
      throw inputError(scope, prop, timeZone, problem, TIME_ZONE_ACCEPTED);
    }
    return timeZone;
  }

  private constructor() {
    // only static members
  }
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function notAString(value: unknown): string {
  return value === null || value === undefined ? `it is ${value}, not a string` : `it is a ${typeof value}, not a string`;
}

function diagnoseSchedule(expression: string): string | undefined {
  if (typeof expression !== 'string') {
    return notAString(expression);
  }
  if (expression === '') {
    return 'it is empty';
  }
  if (expression.trim() === '') {
    return 'it is only white space';
  }
  const tz = /(?:^|\s)(CRON_TZ|TZ)=/.exec(expression);
  if (tz) {
    return `it sets a time zone with "${tz[1]}=", which Kubernetes refuses in a schedule; set the CronJob's timeZone field instead`;
  }
  if (/^\s/.test(expression)) {
    return 'it starts with white space';
  }
  if (/\s$/.test(expression)) {
    return 'it ends with white space';
  }
  const otherSpace = /[^\S ]/.exec(expression);
  if (otherSpace) {
    return `it contains the white space ${quote(otherSpace[0])}; separate the fields with spaces`;
  }
  if (expression.startsWith('@')) {
    return diagnoseMacro(expression);
  }
  const fields = expression.split(/ +/);
  if (fields.length !== FIELDS.length) {
    const count = `${fields.length} field${fields.length === 1 ? '' : 's'}`;
    return `it has ${count}; a schedule has 5 (minute hour day-of-month month day-of-week) or is a macro such as @daily`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const problem = diagnoseField(fields[i], field);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

function diagnoseMacro(expression: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(MACROS, expression)) {
    return undefined;
  }
  const [first] = expression.split(' ');
  if (first === '@every') {
    return `it uses "@every", which is not accepted; write the schedule as 5 fields (e.g. "*/30 * * * *" for every 30 minutes) or use one of the macros ${MACRO_LIST}`;
  }
  if (Object.prototype.hasOwnProperty.call(MACROS, first)) {
    return `it has text after the macro ${quote(first)}; a macro stands alone`;
  }
  const lower = first.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(MACROS, lower)) {
    return `its macro ${quote(first)} is not written in lowercase; macros are case-sensitive (did you mean ${quote(lower)}?)`;
  }
  return `its macro ${quote(first)} is not one that Kubernetes accepts; the macros are ${MACRO_LIST}`;
}

/**
 * Finds what is wrong with one field: a comma-separated list of items.
 */
function diagnoseField(field: string, spec: FieldSpec): string | undefined {
  const where = `its ${spec.name} field ${quote(field)}`;
  const items = field.split(',');
  if (items.some((item) => item === '')) {
    return `${where} has an empty item in its comma-separated list`;
  }
  for (const item of items) {
    const problem = diagnoseItem(item, spec) ?? diagnoseStep(item, spec);
    if (problem !== undefined) {
      return items.length === 1 ? `${where} ${problem}` : `${where}: ${quote(item)} ${problem}`;
    }
  }
  return undefined;
}

/**
 * Finds what is wrong with one item of a field: `*`, `?`, a value, a range `a-b`, or one of those with a step `/n`.
 *
 * @returns a verb phrase about the item, e.g. `is out of range 0-23`
 */
function diagnoseItem(item: string, spec: FieldSpec): string | undefined {
  const slashes = item.split('/');
  if (slashes.length > 2) {
    return 'has more than one "/"';
  }
  const [base, step] = slashes;
  if (base === '') {
    return 'has nothing before "/" (use "*/n" for every n-th value)';
  }
  if (step !== undefined) {
    if (step === '') {
      return 'has no step after "/"';
    }
    if (!/^[0-9]+$/.test(step)) {
      return `has the step ${quote(step)}, which is not a whole number`;
    }
    if (Number(step) === 0) {
      return 'has a step of 0; a step must be 1 or more';
    }
    if (!Number.isSafeInteger(Number(step))) {
      return `has the step ${quote(step)}, which is too large`;
    }
  }
  if (base === '?' && !spec.question) {
    return 'uses "?", which is only allowed in the day-of-month and day-of-week fields';
  }
  if (base === '*' || base === '?') {
    return undefined;
  }
  const hyphens = base.split('-');
  if (hyphens.length > 2) {
    return `has more than one "-"${base.startsWith('-') ? ' (negative numbers are not allowed)' : ''}`;
  }
  const [low, high] = hyphens;
  if (low === '') {
    return 'has nothing before "-" (negative numbers are not allowed)';
  }
  if (high === '') {
    return 'has nothing after "-"';
  }
  if (low === '*' || low === '?' || high === '*' || high === '?') {
    return `uses ${quote(low === '*' || high === '*' ? '*' : '?')} in a range; write it alone or write a range of values such as "1-5"`;
  }
  const start = parseValue(low, spec);
  if (typeof start === 'string') {
    return about(item, low, start);
  }
  if (high === undefined) {
    return undefined;
  }
  const end = parseValue(high, spec);
  if (typeof end === 'string') {
    return about(item, high, end);
  }
  if (start > end) {
    const numbers = low === String(start) && high === String(end) ? `${start} > ${end}` : `${low} is ${start}, ${high} is ${end}`;
    const last = isName(low) ? spec.names?.[spec.max - spec.min] : undefined;
    const first = isName(high) ? spec.names?.[0] : undefined;
    const wrap = `"${low}-${last ?? spec.max},${first ?? spec.min}-${high}"`;
    return about(item, base, `is a range that starts after it ends (${numbers}); to wrap around, write two ranges such as ${wrap}`);
  }
  return undefined;
}

/**
 * Finds a step that selects one value only, of a valid item: the step 90 of every minute (`*` then `/90`) is minute 0
 * alone (every hour), which a step never means.
 */
function diagnoseStep(item: string, spec: FieldSpec): string | undefined {
  const [base, step] = item.split('/');
  if (step === undefined) {
    return undefined;
  }
  const [low, high] = base.split('-');
  const whole = base === '*' || base === '?';
  const start = whole ? spec.min : parseValue(low, spec) as number;
  const end = whole || high === undefined ? spec.max : parseValue(high, spec) as number;
  if (start + Number(step) <= end) {
    return undefined;
  }
  return `has the step ${step}, beyond the values ${start}-${end} it steps through: it selects ${start} only (write "${start}" if that is meant)`;
}

function isName(value: string): boolean {
  return !/^[0-9]/.test(value);
}

/**
 * The number a value (a number or a name) stands for, or a verb phrase that says what is wrong with it.
 */
function parseValue(text: string, spec: FieldSpec): number | string {
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) {
      const sunday = spec.name === 'day-of-week' && value === 7 ? ' (Sunday is 0 or SUN)' : '';
      return `is out of range ${spec.min}-${spec.max}${sunday}`;
    }
    return value;
  }
  if (spec.names !== undefined) {
    const index = spec.names.indexOf(text.toUpperCase());
    if (index >= 0) {
      return spec.min + index;
    }
    const prefix = text.slice(0, 3).toUpperCase();
    const hint = text.length > 3 && spec.names.includes(prefix) ? `; names have 3 letters (did you mean ${quote(prefix)}?)` : '';
    return `is neither a number nor ${spec.namesDescription}${hint}`;
  }
  return 'is not a number';
}

/**
 * Says `phrase` about `part` of `item`: the phrase alone when the part is the whole item.
 */
function about(item: string, part: string, phrase: string): string {
  if (item === part) {
    return phrase;
  }
  return `has ${quote(part)}, which ${phrase}`;
}

/**
 * A part of a time zone name, as Kubernetes checks it (letters, digits, ".", "-", "_" and "+", at most 14).
 */
const TIME_ZONE_PART = /^[A-Za-z0-9._+-]{1,14}$/;

function diagnoseTimeZone(timeZone: string): string | undefined {
  if (typeof timeZone !== 'string') {
    return notAString(timeZone);
  }
  if (timeZone === '') {
    return 'it is empty';
  }
  if (/\s/.test(timeZone)) {
    return 'it contains white space';
  }
  if (timeZone.toLowerCase() === 'local') {
    return `it is ${quote(timeZone)}, which Kubernetes refuses: a CronJob's time zone must be explicit `
      + "(leave timeZone unset to use the kube-controller-manager's time zone)";
  }
  for (const part of timeZone.split('/')) {
    if (part === '') {
      return 'it has an empty part between "/" (or a "/" at either end)';
    }
    if (part === '.' || part === '..') {
      return `it has the part ${quote(part)}, which is not allowed`;
    }
    if (part.startsWith('-')) {
      return `its part ${quote(part)} starts with "-"`;
    }
    if (part.length > 14) {
      return `its part ${quote(part)} is ${part.length} characters long, more than 14`;
    }
    if (!TIME_ZONE_PART.test(part)) {
      const bad = [...new Set(part.replace(/[A-Za-z0-9._+-]/g, ''))].map(quote).join(', ');
      return `it contains ${bad}, which Kubernetes does not allow in a time zone name`;
    }
  }
  const resolved = resolveTimeZone(timeZone);
  if (resolved === undefined) {
    const suggestion = closestTimeZone(timeZone);
    return `it is not a known IANA time zone${suggestion ? ` (did you mean ${quote(suggestion)}?)` : ''}`;
  }
  const lowercasePart = timeZone.split('/').find((part) => /^[a-z]/.test(part));
  if ((resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase()) || lowercasePart !== undefined) {
    const suggestion = resolved.toLowerCase() === timeZone.toLowerCase() ? ` (did you mean ${quote(resolved)}?)` : '';
    return `its case does not match the IANA name; time zone names are case-sensitive${suggestion}`;
  }
  return undefined;
}

/**
 * The canonical name of a time zone as the JavaScript runtime knows it, or `undefined` when it is unknown.
 */
function resolveTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * The known time zone closest to a misspelt one (at most 2 edits away), if any.
 */
function closestTimeZone(timeZone: string): string | undefined {
  let names: string[];
  try {
    names = Intl.supportedValuesOf('timeZone');
  } catch {
    return undefined;
  }
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    if (Math.abs(name.length - timeZone.length) >= bestDistance) {
      continue;
    }
    const distance = editDistance(timeZone.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Why a schedule that Kubernetes accepts is refused all the same: no day of any year matches it. */
const NEVER_RUNS = 'it never runs: no month has the day of the month it names (such as February 30 or April 31), so the CronJob would never start a Job';

/** The days over which the runs of a schedule are read: eight years, from a leap year on (February 29 runs every four). */
const DAYS_READ = 8 * 365 + 2;
const MINUTES_PER_DAY = 24 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The runs of a schedule (see readRuns), read once per expression. */
function runsOf(expression: string): { readonly longestGap: number } | undefined {
  // A schedule is read when it is checked, turned into a Cron and asked its longest interval, and many CronJobs share
  // one: its runs are read once.
  if (!RUNS.has(expression)) {
    if (RUNS.size >= 4096) {
      RUNS.clear();
    }
    RUNS.set(expression, readRuns(expression));
  }
  return RUNS.get(expression);
}

const RUNS = new Map<string, { readonly longestGap: number } | undefined>();

/**
 * The runs of a valid schedule, as robfig/cron reads it (in UTC): the longest time between two, in minutes; undefined
 * when it never runs. Day of the month and day of the week both restrict the days when neither starts with "*" or
 * "?"; then a day that matches either runs (cron's rule), else the day must match both.
 */
function readRuns(expression: string): { readonly longestGap: number } | undefined {
  if (diagnoseSchedule(expression) !== undefined) {
    return undefined;
  }
  const { times, runsOn } = scheduleOf(expression);
  let longestGap = times.slice(1).reduce((gap, t, i) => Math.max(gap, t - times[i]), 0);
  const start = Date.UTC(2024, 0, 1);
  let previousDay: number | undefined;
  for (let d = 0; d < DAYS_READ; d++) {
    if (!runsOn(new Date(start + d * DAY_MS))) {
      continue;
    }
    if (previousDay !== undefined) {
      longestGap = Math.max(longestGap, (d - previousDay) * MINUTES_PER_DAY + times[0] - times[times.length - 1]);
    }
    previousDay = d;
  }
  return previousDay === undefined ? undefined : { longestGap };
}

/**
 * A valid schedule as a day's times and its days: the minutes of a day that run, in order, and whether it runs on a
 * date (read in UTC: the date's year, month and day as a calendar date).
 */
function scheduleOf(expression: string): { readonly times: number[]; readonly runsOn: (date: Date) => boolean } {
  const macro = MACROS[expression];
  const fields = macro !== undefined ? [macro.minute!, macro.hour!, macro.day!, macro.month!, macro.weekDay!] : expression.split(/ +/);
  const [minutes, hours, days, months, weekDays] = FIELDS.map((spec, i) => valuesOf(fields[i], spec));
  const starred = (field: string) => field.split(',').some((item) => item.startsWith('*') || item.startsWith('?'));
  const eitherDay = !starred(fields[2]) && !starred(fields[4]);
  const times = [...hours].sort((a, b) => a - b).flatMap((h) => [...minutes].sort((a, b) => a - b).map((m) => h * 60 + m));
  const runsOn = (date: Date) => {
    const dayOfMonth = days.has(date.getUTCDate());
    const dayOfWeek = weekDays.has(date.getUTCDay());
    return months.has(date.getUTCMonth() + 1) && (eitherDay ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek);
  };
  return { times, runsOn };
}

/**
 * The first run of a valid schedule in a time zone that a change to daylight saving time skips, on a day whose runs it
 * all skips, in the year `DST_YEAR`: the CronJob controller (robfig/cron) does not run a job scheduled in the hour the
 * clocks skip.
 */
function skippedRun(expression: string, timeZone: string): SkippedRun | undefined {
  const { times, runsOn } = scheduleOf(expression);
  for (const gap of clockGaps(timeZone)) {
    // The local date and the local minutes of the day that the clocks skip (a gap does not span midnight).
    const date = new Date(gap.from - (gap.from % DAY_MS));
    const from = (gap.from % DAY_MS) / 60000;
    // Only a day that loses every run counts: a schedule that runs every 15 minutes loses some of its runs, not a day.
    const time = times.every((t) => t >= from && t < from + gap.minutes) ? times[0] : undefined;
    if (time !== undefined && runsOn(date)) {
      return { date: date.toISOString().slice(0, 10), time: clock(time), gapFrom: clock(from), gapTo: clock(from + gap.minutes) };
    }
  }
  return undefined;
}

/** A run that the clocks skip: its local date and time, and the local times the clocks skip from and to. */
interface SkippedRun {
  readonly date: string;
  readonly time: string;
  readonly gapFrom: string;
  readonly gapTo: string;
}

/** The year whose changes to daylight saving time are read. */
const DST_YEAR = 2026;

/** `hh:mm` of minutes of a day. */
function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The times a time zone's clocks skip in `DST_YEAR` (the clocks go forward): each as its first skipped local time (in
 * milliseconds, local time written as UTC) and how many minutes are skipped. Read from the platform's time zone data.
 */
function clockGaps(timeZone: string): ReadonlyArray<{ readonly from: number; readonly minutes: number }> {
  const cached = GAPS.get(timeZone);
  if (cached) {
    return cached;
  }
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  // The zone's offset from UTC at an instant, in minutes.
  const offset = (at: number) => {
    const part = (type: string) => Number(format.formatToParts(at).find((p) => p.type === type)!.value);
    return (Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute')) - at) / 60000;
  };
  const gaps: Array<{ from: number; minutes: number }> = [];
  const start = Date.UTC(DST_YEAR, 0, 1);
  for (let d = 0; d < 366; d++) {
    let low = start + d * DAY_MS;
    let high = low + DAY_MS;
    const before = offset(low);
    const after = offset(high);
    if (after <= before) {
      continue;
    }
    // The minute the offset changes: the last minute of the old one, by halving the day.
    while (high - low > 60000) {
      const middle = low + Math.floor((high - low) / 120000) * 60000;
      if (offset(middle) === before) {
        low = middle;
      } else {
        high = middle;
      }
    }
    gaps.push({ from: high + before * 60000, minutes: after - before });
  }
  GAPS.set(timeZone, gaps);
  return gaps;
}

const GAPS = new Map<string, ReadonlyArray<{ readonly from: number; readonly minutes: number }>>();

/** The values that a valid field selects: each item is "*" or "?", a value or a range, with a step or not. */
function valuesOf(field: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [base, step] = item.split('/');
    const [low, high] = base.split('-');
    const all = base === '*' || base === '?';
    const from = all ? spec.min : parseValue(low, spec) as number;
    // "a/n" runs from a to the end of the field's range, as "a-max/n".
    const to = all || (high === undefined && step !== undefined) ? spec.max : parseValue(high ?? low, spec) as number;
    for (let v = from; v <= to; v += step === undefined ? 1 : Number(step)) {
      values.add(v);
    }
  }
  return values;
}
