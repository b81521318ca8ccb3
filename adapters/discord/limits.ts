// Every Discord limit the adapter relies on, in one table (sources in docs/platform-limits.md):
// renderers and tests read these numbers instead of repeating them.
export const DISCORD_LIMITS = {
  actionRows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  customId: 100,
  buttonLabel: 80,
  selectPlaceholder: 150,
  optionLabel: 100,
  optionDescription: 100,
  embedsPerMessage: 10,
  embedTotalChars: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  embedFooter: 2048,
  content: 2000,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  optionChoices: 25,
  channelName: 100,
  channelsPerCategory: 50,
  /** Subcommands of one command (its options). */
  subcommands: 25,
  /** Name, description and values of a command with all its options and choices, summed. */
  commandChars: 8000,
  /**
   * A voice channel's status (PUT /channels/{id}/voice-status): 0–500 characters. Discord's page
   * for the endpoint is still a draft; the draft and the libraries that call it agree on 500.
   */
  voiceStatus: 500,
  /** A voice channel's user limit: 0 (none) to 99. A room cap above 99 leaves the channel without one. */
  voiceUserLimit: 99,
  /**
   * A file the bot attaches (the `export` CSV). Sources disagree (8 MiB long documented, 10 and 25
   * MB reported since, and boosted servers allow more): the smallest is kept.
   */
  uploadBytes: 8 * 1024 * 1024,
} as const;

/** What Breakouts itself accepts: a layout CSV attached to import-layout (5,000 rows fit many times over). */
export const LAYOUT_FILE_BYTES = 1024 * 1024;

/** Discord error codes the adapter turns into clear sentences. */
export const DISCORD_ERRORS = {
  unknownMessage: 10008,
  missingAccess: 50001,
  missingPermissions: 50013,
  cannotDm: 50007,
  unknownChannel: 10003,
} as const;

