import { AppflowInputError } from '../../src/core/errors';

/**
 * The AppflowInputError that `make` throws, to check its fields (construct path, prop, value, problem, accepted);
 * fails when `make` throws something else, or nothing.
 */
export function refusalOf(make: () => unknown): AppflowInputError {
  try {
    make();
  } catch (e) {
    expect(e).toBeInstanceOf(AppflowInputError);
    return e as AppflowInputError;
  }
  throw new Error('expected an AppflowInputError, and nothing was thrown');
}
