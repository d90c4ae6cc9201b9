/**
 * AppError code -> what a person in Slack reads. Anything that is not an
 * AppError is a bug: it is logged once with a short id, and the person sees
 * that id and nothing of the internals.
 */
import { randomBytes } from 'node:crypto';
import { isAppError, type ErrorCode, type InvalidEntry } from '../core/shared/errors.ts';
import type { Logger } from '../logger.ts';
import { escapeText, truncate } from './blocks/text.ts';

const wording: Partial<Record<ErrorCode, string>> = {
  contact_not_found: 'No contact with that email or phone number in this portal.',
  account_not_found: 'That portal account does not exist.',
  no_address_for_channel: 'This contact cannot be reached that way.',
  sms_opted_out: 'This contact replied STOP to our texts, so SMS to them is refused.',
  message_not_found: 'That message no longer exists.',
  not_dead: 'That message is not failed any more: nothing to re-send.',
  contact_deactivated:
    "This contact's access is turned off. Reactivate them first (`/portal reactivate <email or phone>`).",
  account_archived: 'This portal account is archived: it sends no new invites or links. An operator can tell you more.',
  grant_not_found: 'This contact does not have that access.',
  rate_limited: 'Too many requests right now; try again in a minute.',
  forbidden: 'You are not allowed to do that.',
  conflict: 'Someone changed this at the same time; try again.',
};

/** Most invalid entries listed in one reply; the rest are counted. */
const MAX_LISTED = 15;

export function errorText(error: unknown, logger: Logger, context: Record<string, unknown> = {}): string {
  if (isAppError(error)) {
    if (error.code === 'invalid_input')
      return invalidInputText(error.message, (error.details as { invalid?: InvalidEntry[] } | undefined)?.invalid);
    const known = wording[error.code];
    // The core's own message is written for people and never carries a secret; add it when it says more.
    return known
      ? `${known}${error.message && !known.includes(error.message) ? ` (${escapeText(truncate(error.message, 300))})` : ''}`
      : escapeText(truncate(error.message, 500));
  }
  const id = randomBytes(4).toString('hex');
  logger.error('slack: unexpected error', {
    errorId: id,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    ...context,
  });
  return `Something went wrong on our side (error id \`${id}\`). Try again; if it keeps failing, give this id to whoever runs Portal Desk.`;
}

export function invalidInputText(message: string, invalid: InvalidEntry[] | undefined): string {
  const lines = [escapeText(truncate(message, 500))];
  for (const entry of (invalid ?? []).slice(0, MAX_LISTED))
    lines.push(
      `• \`${escapeText(truncate(entry.input, 80)).replace(/`/g, "'")}\`: ${escapeText(truncate(entry.reason, 200))}`,
    );
  if ((invalid?.length ?? 0) > MAX_LISTED) lines.push(`…and ${invalid!.length - MAX_LISTED} more.`);
  return lines.join('\n');
}

/** Web API errors Slack reports (`error.data.error`), e.g. ratelimited, not_in_channel, expired_trigger_id. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } } | undefined;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  return e?.data?.error;
}
