/** The CLI's exit codes: scripts and CI jobs depend on them (DESIGN.md, CLI). */
export const EXIT = {
  ok: 0,
  usage: 1,
  unreadableInput: 2,
  /** `report --fail-if` condition held. */
  conditionHeld: 3,
} as const;

/** An error whose message is meant for the user, with the exit code it implies. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
