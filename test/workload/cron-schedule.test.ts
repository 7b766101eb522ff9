import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AppflowInputError } from '../../src/core/errors';
import { CronSchedule, TimeZone } from '../../src/workload/cron-schedule';

function scope(): Construct {
  return new Construct(Testing.chart(), 'Job');
}

/** Runs `fn` and returns the `AppflowInputError` it throws (fails the test when it throws nothing else). */
function caught(fn: () => unknown): AppflowInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppflowInputError);
    return e as AppflowInputError;
  }
  throw new Error('expected an AppflowInputError, but nothing was thrown');
}

describe('CronSchedule', () => {
  const accepted = [
    '0 3 * * *',
    '*/15 * * * *',
    '0 9-17 * * MON-FRI',
    '30 2 1,15 * *',
    '0 0 ? * SUN',
    '5 4 * JAN-MAR *',
    '* * * * *',
    '59 23 31 12 6',
    '0 0 1 1 0',
    '0-59/5 0-23 1-31 1-12 0-6',
    '15 8 * * mon-fri',
    '0 */2 * * *',
    '10/20 * * * *',
    '0 8,12,18 * * 1-5',
    '0 0 1-7 * ?',
    '0 0 * jan,jul sat,Sun',
    '0 12 * * MON/2',
    '0  3 * *  *',
    '00 03 * * *',
    '@hourly',
    '@daily',
    '@midnight',
    '@weekly',
    '@monthly',
    '@yearly',
    '@annually',
  ];

  test.each(accepted)('accepts %j', (expression) => {
    const schedule = CronSchedule.expression(expression);
    expect(schedule.problemWith()).toBeUndefined();
    expect(schedule.check(scope(), 'schedule')).toBe(schedule);
    expect(schedule.expressionString).toBe(expression);
  });

  /** [expression, the problem that the error must state] */
  const refused: Array<[string, string]> = [
    ['', 'it is empty'],
    ['   ', 'it is only white space'],
    [' 0 3 * * *', 'it starts with white space'],
    ['0 3 * * * ', 'it ends with white space'],
    ['0\t3 * * *', 'it contains the white space "\\t"; separate the fields with spaces'],
    ['0 3 * * * *', 'it has 6 fields; a schedule has 5 (minute hour day-of-month month day-of-week) or is a macro such as @daily'],
    ['0 3 * *', 'it has 4 fields; a schedule has 5 (minute hour day-of-month month day-of-week) or is a macro such as @daily'],
    ['5', 'it has 1 field; a schedule has 5 (minute hour day-of-month month day-of-week) or is a macro such as @daily'],
    ['60 * * * *', 'its minute field "60" is out of range 0-59'],
    ['0 25 * * *', 'its hour field "25" is out of range 0-23'],
    ['0 0 0 * *', 'its day-of-month field "0" is out of range 1-31'],
    ['0 0 32 * *', 'its day-of-month field "32" is out of range 1-31'],
    ['0 0 * 0 *', 'its month field "0" is out of range 1-12'],
    ['0 0 * 13 *', 'its month field "13" is out of range 1-12'],
    ['0 0 * * 7', 'its day-of-week field "7" is out of range 0-6 (Sunday is 0 or SUN)'],
    ['1,70 * * * *', 'its minute field "1,70": "70" is out of range 0-59'],
    ['0 9-24 * * *', 'its hour field "9-24" has "24", which is out of range 0-23'],
    ['0 17-9 * * *', 'its hour field "17-9" is a range that starts after it ends (17 > 9); to wrap around, write two ranges such as "17-23,0-9"'],
    [
      '0 0 * * FRI-MON',
      'its day-of-week field "FRI-MON" is a range that starts after it ends (FRI is 5, MON is 1); '
        + 'to wrap around, write two ranges such as "FRI-SAT,SUN-MON"',
    ],
    [
      '1,17-9/2 * * * *',
      'its minute field "1,17-9/2": "17-9/2" has "17-9", which is a range that starts after it ends (17 > 9); '
        + 'to wrap around, write two ranges such as "17-59,0-9"',
    ],
    ['*/0 * * * *', 'its minute field "*/0" has a step of 0; a step must be 1 or more'],
    ['0 0-12/0 * * *', 'its hour field "0-12/0" has a step of 0; a step must be 1 or more'],
    // A step beyond the values it steps through selects the first one only: every hour, not every 90 minutes.
    ['*/90 * * * *', 'its minute field "*/90" has the step 90, beyond the values 0-59 it steps through: it selects 0 only (write "0" if that is meant)'],
    ['0 9-17/12 * * *', 'its hour field "9-17/12" has the step 12, beyond the values 9-17 it steps through: it selects 9 only (write "9" if that is meant)'],
    ['0 0 5/30 * *', 'its day-of-month field "5/30" has the step 30, beyond the values 5-31 it steps through: it selects 5 only (write "5" if that is meant)'],
    ['0,*/60 * * * *', 'its minute field "0,*/60": "*/60" has the step 60, beyond the values 0-59 it steps through: it selects 0 only (write "0" if that is meant)'],
    ['*/ * * * *', 'its minute field "*/" has no step after "/"'],
    ['*/x * * * *', 'its minute field "*/x" has the step "x", which is not a whole number'],
    ['*/99999999999999999999 * * * *', 'its minute field "*/99999999999999999999" has the step "99999999999999999999", which is too large'],
    ['0 0 ?-5 * *', 'its day-of-month field "?-5" uses "?" in a range; write it alone or write a range of values such as "1-5"'],
    ['*/5/2 * * * *', 'its minute field "*/5/2" has more than one "/"'],
    ['/5 * * * *', 'its minute field "/5" has nothing before "/" (use "*/n" for every n-th value)'],
    ['? * * * *', 'its minute field "?" uses "?", which is only allowed in the day-of-month and day-of-week fields'],
    ['0 ? * * *', 'its hour field "?" uses "?", which is only allowed in the day-of-month and day-of-week fields'],
    ['0 0 * ? *', 'its month field "?" uses "?", which is only allowed in the day-of-month and day-of-week fields'],
    ['0 0 * FOO *', 'its month field "FOO" is neither a number nor a month name (JAN-DEC)'],
    ['0 0 * * FOO', 'its day-of-week field "FOO" is neither a number nor a day name (SUN-SAT)'],
    ['0 0 * * MONDAY', 'its day-of-week field "MONDAY" is neither a number nor a day name (SUN-SAT); names have 3 letters (did you mean "MON"?)'],
    ['0 0 MON * *', 'its day-of-month field "MON" is not a number'],
    ['x * * * *', 'its minute field "x" is not a number'],
    ['1,,2 * * * *', 'its minute field "1,,2" has an empty item in its comma-separated list'],
    ['0 3, * * *', 'its hour field "3," has an empty item in its comma-separated list'],
    ['-1 * * * *', 'its minute field "-1" has nothing before "-" (negative numbers are not allowed)'],
    ['5- * * * *', 'its minute field "5-" has nothing after "-"'],
    ['1-2-3 * * * *', 'its minute field "1-2-3" has more than one "-"'],
    ['*-5 * * * *', 'its minute field "*-5" uses "*" in a range; write it alone or write a range of values such as "1-5"'],
    [
      '@every 1h',
      'it uses "@every", which is not accepted; write the schedule as 5 fields (e.g. "*/30 * * * *" for every 30 minutes) '
        + 'or use one of the macros @hourly, @daily, @midnight, @weekly, @monthly, @yearly and @annually',
    ],
    ['@reboot', 'its macro "@reboot" is not one that Kubernetes accepts; the macros are @hourly, @daily, @midnight, @weekly, @monthly, @yearly and @annually'],
    ['@Daily', 'its macro "@Daily" is not written in lowercase; macros are case-sensitive (did you mean "@daily"?)'],
    ['@daily 0', 'it has text after the macro "@daily"; a macro stands alone'],
    ['TZ=UTC 0 3 * * *', 'it sets a time zone with "TZ=", which Kubernetes refuses in a schedule; set the CronJob\'s timeZone field instead'],
    ['CRON_TZ=Europe/Berlin 0 3 * * *', 'it sets a time zone with "CRON_TZ=", which Kubernetes refuses in a schedule; set the CronJob\'s timeZone field instead'],
  ];

  test.each(refused)('refuses %j', (expression, problem) => {
    const schedule = CronSchedule.expression(expression);
    expect(schedule.problemWith()).toBe(problem);
    const error = caught(() => schedule.check(scope(), 'schedule'));
    expect(error.constructPath).toBe('test/Job');
    expect(error.prop).toBe('schedule');
    expect(error.value).toBe(expression);
    expect(error.problem).toBe(problem);
  });

  test('the error message names the path, the prop, the value, the problem and what is accepted', () => {
    const error = caught(() => CronSchedule.expression('0 25 * * *').check(scope(), 'schedule'));
    expect(error.message).toMatch(/^test\/Job: invalid schedule "0 25 \* \* \*": its hour field "25" is out of range 0-23\. Expected 5 fields /);
    expect(error.message).toContain('"minute hour day-of-month month day-of-week"');
    expect(error.message).toContain('minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-6 or SUN-SAT');
    expect(error.message).toContain('@hourly, @daily, @midnight, @weekly, @monthly, @yearly and @annually');
    expect(error.message).toMatch(/e\.g\. "0 3 \* \* \*", "\*\/15 \* \* \* MON-FRI" or "@daily"\)\.$/);
  });

  test('the error message for a time zone prefix and for too many fields', () => {
    expect(() => CronSchedule.expression('CRON_TZ=Europe/Berlin 0 3 * * *').check(scope(), 'spec.schedule')).toThrow(
      /^test\/Job: invalid spec\.schedule "CRON_TZ=Europe\/Berlin 0 3 \* \* \*": it sets a time zone with "CRON_TZ=", .*timeZone field instead\. Expected /,
    );
    expect(() => CronSchedule.expression('0 0 3 * * *').check(scope(), 'schedule')).toThrow(
      /^test\/Job: invalid schedule "0 0 3 \* \* \*": it has 6 fields; a schedule has 5 .* or is a macro such as @daily\. Expected 5 fields/,
    );
  });

  test('the convenience factories are the macros', () => {
    expect(CronSchedule.hourly().expressionString).toBe('@hourly');
    expect(CronSchedule.daily().expressionString).toBe('@daily');
    expect(CronSchedule.weekly().expressionString).toBe('@weekly');
    expect(CronSchedule.monthly().expressionString).toBe('@monthly');
    expect(CronSchedule.yearly().expressionString).toBe('@yearly');
    for (const schedule of [CronSchedule.hourly(), CronSchedule.daily(), CronSchedule.weekly(), CronSchedule.monthly(), CronSchedule.yearly()]) {
      expect(schedule.problemWith()).toBeUndefined();
    }
  });

  test.each([
    ['@hourly', '0 * * * *'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@weekly', '0 0 * * 0'],
    ['@monthly', '0 0 1 * *'],
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
  ])('toCron() turns the macro %j into its 5 fields', (macro, fields) => {
    expect(CronSchedule.expression(macro).toCron().expressionString).toBe(fields);
  });

  test('toCron() passes the fields through as written', () => {
    expect(CronSchedule.expression('*/15 9-17 ? jan-mar MON-FRI').toCron().expressionString).toBe('*/15 9-17 ? jan-mar MON-FRI');
    expect(CronSchedule.expression('30  2 1,15 * *').toCron().expressionString).toBe('30 2 1,15 * *');
  });

  test('toCron() refuses an invalid schedule', () => {
    expect(() => CronSchedule.expression('0 25 * * *').toCron()).toThrow(
      /^invalid schedule "0 25 \* \* \*": its hour field "25" is out of range 0-23\. Expected 5 fields/,
    );
    expect(() => CronSchedule.expression('@every 1h').toCron()).toThrow(/it uses "@every"/);
  });

  test.each([
    ['@hourly', 60],
    ['*/15 * * * *', 15],
    ['5/20 * * * *', 20], // 5, 25, 45: "a/n" runs to the end of the range
    ['@daily', 24 * 60],
    ['0 3 * * MON-FRI', 3 * 24 * 60], // Friday to Monday
    ['0 9,17 * * *', 16 * 60],
    ['0 9 */2 * *', 2 * 24 * 60], // the 29th of a 30-day month to the 1st
    ['@weekly', 7 * 24 * 60],
    ['0 9 1 * MON', 7 * 24 * 60], // both day fields restrict the days: either runs
    ['0 9 1-7 * MON', 7 * 24 * 60],
    // "*" in day-of-month: Mondays of January and July only; the longest, 23 weeks from the last Monday of January.
    ['0 9 * JAN,JUL MON', 23 * 7 * 24 * 60],
    ['@monthly', 31 * 24 * 60],
    ['0 0 29 2 *', (4 * 365 + 1) * 24 * 60], // every leap year
  ])('longestInterval() of %j: %i minutes', (expression, minutes) => {
    expect(CronSchedule.expression(expression).longestInterval().toMinutes()).toBe(minutes);
  });

  test('a schedule that never runs is refused: no month has the day it names', () => {
    for (const expression of ['0 0 30 2 *', '0 0 31 4,6,9,11 *', '0 0 30,31 FEB *']) {
      expect(CronSchedule.expression(expression).problemWith()).toBe('it never runs: no month has the day of the month it names (such as February 30 or '
        + 'April 31), so the CronJob would never start a Job');
    }
    expect(caught(() => CronSchedule.expression('0 0 30 2 *').check(scope(), 'schedule')).message)
      .toMatch(/^test\/Job: invalid schedule "0 0 30 2 \*": it never runs: no month has the day/);
    expect(() => CronSchedule.expression('0 0 31 4 *').longestInterval()).toThrow(/^invalid schedule "0 0 31 4 \*": it never runs/);
    // With a day of the week, the day of the month is one of two ways to run.
    expect(CronSchedule.expression('0 0 30 2 MON').problemWith()).toBeUndefined();
  });

  test('a value that is not a string is refused', () => {
    expect(CronSchedule.expression(undefined as unknown as string).problemWith()).toBe('it is undefined, not a string');
    expect(CronSchedule.expression(5 as unknown as string).problemWith()).toBe('it is a number, not a string');
  });
});

describe('TimeZone', () => {
  test.each(['Europe/Berlin', 'America/New_York', 'Etc/UTC', 'UTC', 'Asia/Kolkata', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires'])(
    'accepts %j',
    (timeZone) => {
      expect(TimeZone.problemWith(timeZone)).toBeUndefined();
      expect(TimeZone.check(scope(), 'timeZone', timeZone)).toBe(timeZone);
    },
  );

  /** [time zone, the problem that the error must state] */
  const refused: Array<[string, string]> = [
    [
      'Local',
      'it is "Local", which Kubernetes refuses: a CronJob\'s time zone must be explicit '
        + '(leave timeZone unset to use the kube-controller-manager\'s time zone)',
    ],
    [
      'local',
      'it is "local", which Kubernetes refuses: a CronJob\'s time zone must be explicit '
        + '(leave timeZone unset to use the kube-controller-manager\'s time zone)',
    ],
    ['Mars/Olympus', 'it is not a known IANA time zone'],
    ['Europe/Berln', 'it is not a known IANA time zone (did you mean "Europe/Berlin"?)'],
    ['', 'it is empty'],
    ['Europe/ Berlin', 'it contains white space'],
    [' UTC', 'it contains white space'],
    ['europe/berlin', 'its case does not match the IANA name; time zone names are case-sensitive (did you mean "Europe/Berlin"?)'],
    ['Europe/BERLIN', 'its case does not match the IANA name; time zone names are case-sensitive (did you mean "Europe/Berlin"?)'],
    ['+05:30', 'it contains ":", which Kubernetes does not allow in a time zone name'],
    ['/UTC', 'it has an empty part between "/" (or a "/" at either end)'],
    ['../etc/passwd', 'it has the part "..", which is not allowed'],
    ['Europe/-Berlin', 'its part "-Berlin" starts with "-"'],
    ['America/Very_Long_Place', 'its part "Very_Long_Place" is 15 characters long, more than 14'],
  ];

  test.each(refused)('refuses %j', (timeZone, problem) => {
    expect(TimeZone.problemWith(timeZone)).toBe(problem);
    const error = caught(() => TimeZone.check(scope(), 'timeZone', timeZone));
    expect(error.constructPath).toBe('test/Job');
    expect(error.prop).toBe('timeZone');
    expect(error.value).toBe(timeZone);
    expect(error.problem).toBe(problem);
    expect(error.accepted).toBe('an IANA time zone name such as "Europe/Berlin", "America/New_York" or "Etc/UTC"');
  });

  test('the error message names the path, the prop, the value, the problem and what is accepted', () => {
    expect(() => TimeZone.check(scope(), 'timeZone', 'Mars/Olympus')).toThrow(
      'test/Job: invalid timeZone "Mars/Olympus": it is not a known IANA time zone. '
        + 'Expected an IANA time zone name such as "Europe/Berlin", "America/New_York" or "Etc/UTC".',
    );
    expect(() => TimeZone.check(scope(), 'spec.timeZone', 'Local')).toThrow(
      /^test\/Job: invalid spec\.timeZone "Local": it is "Local", which Kubernetes refuses: a CronJob's time zone must be explicit/,
    );
  });

  test('a value that is not a string is refused', () => {
    expect(TimeZone.problemWith(undefined as unknown as string)).toBe('it is undefined, not a string');
  });
});
