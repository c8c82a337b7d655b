import { ConfigError } from '../../src/errors.js';

/** The problems of the ConfigError `run` throws; fails the test when it throws nothing or something else. */
export function configProblems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
