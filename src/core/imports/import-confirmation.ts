/** The audit action that marks a shared file as imported: a file is imported once. */
export const IMPORT_CONFIRMED = 'slack.import_confirmed';
