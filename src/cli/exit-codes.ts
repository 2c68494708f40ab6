export const EXIT = {
  ok: 0,
  /** The command ran but reports a failure the user asked to be told about (e.g. validation). */
  failed: 1,
  /** Bad input: a suite, task, CSV row, config or flag. */
  input: 2,
  /**
   * Something broke in the environment (a sandbox, a provider), or a run measured nothing:
   * every attempt of it ended as `infra_error`.
   */
  infra: 3,
  /** A bug in swelancer itself. */
  bug: 70,
  interrupted: 130,
} as const;
