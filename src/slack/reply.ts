/**
 * Answers a person: privately (ephemeral through the response_url, or
 * chat.postEphemeral, or their DM with the app when neither works), or for
 * the whole channel. Slack API failures are logged, never thrown: a reply
 * that cannot be delivered must not crash the listener that already acted.
 */
import type { webApi } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { SlackDeps } from './slack-deps.ts';
import { slackErrorCode } from './error-text.ts';
import { limitProblems } from './blocks/limits.ts';

export interface ReplyTarget {
  userId: string;
  channelId?: string;
  responseUrl?: string;
  /**
   * The client Bolt handed the listener: it speaks for the workspace the
   * request came from (the installation's token in OAuth mode). @default deps.client
   */
  client?: webApi.WebClient;
}

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

const noUnfurl = { unfurl_links: false, unfurl_media: false };

/**
 * @param options.ephemeralOnly never fall back to a lasting DM (for secrets shown once)
 * @returns whether the reply was delivered
 */
export async function replyPrivately(
  deps: SlackDeps,
  target: ReplyTarget,
  message: SlackMessage,
  options: { replaceOriginal?: boolean; ephemeralOnly?: boolean } = {},
): Promise<boolean> {
  const safe = withinLimits(deps, message);
  if (
    target.responseUrl &&
    (await postToResponseUrl(deps, target.responseUrl, {
      response_type: 'ephemeral',
      replace_original: options.replaceOriginal ?? false,
      ...noUnfurl,
      ...safe,
    }))
  )
    return true;
  if (target.channelId) {
    try {
      await (target.client ?? deps.client).chat.postEphemeral({
        channel: target.channelId,
        user: target.userId,
        ...safe,
      });
      return true;
    } catch (error) {
      deps.logger.warn(`slack: ephemeral reply failed${options.ephemeralOnly ? '' : ', writing to the DM instead'}`, {
        error: slackErrorCode(error) ?? String(error),
      });
    }
  }
  if (options.ephemeralOnly) return false;
  return (await postMessage(deps, target.userId, safe, target.client)) !== undefined;
}

export async function replyInChannel(deps: SlackDeps, target: ReplyTarget, message: SlackMessage): Promise<void> {
  const safe = withinLimits(deps, message);
  if (
    target.responseUrl &&
    (await postToResponseUrl(deps, target.responseUrl, {
      response_type: 'in_channel',
      replace_original: false,
      ...noUnfurl,
      ...safe,
    }))
  )
    return;
  if (target.channelId && (await postMessage(deps, target.channelId, safe, target.client))) return;
  await postMessage(deps, target.userId, safe, target.client);
}

/**
 * chat.postMessage that reports failure instead of throwing.
 * @param client the listener's client @default deps.client
 * @returns the message ts, or undefined.
 */
export async function postMessage(
  deps: SlackDeps,
  channel: string,
  message: SlackMessage,
  client: webApi.WebClient = deps.client,
): Promise<string | undefined> {
  try {
    const result = await client.chat.postMessage({ channel, ...noUnfurl, ...withinLimits(deps, message) });
    return result.ts ?? undefined;
  } catch (error) {
    deps.logger.warn('slack: chat.postMessage failed', { channel, error: slackErrorCode(error) ?? String(error) });
    return undefined;
  }
}

async function postToResponseUrl(deps: SlackDeps, url: string, body: Record<string, unknown>): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.ok) return true;
    deps.logger.warn('slack: response_url refused the reply', { status: response.status });
  } catch (error) {
    deps.logger.warn('slack: response_url unreachable', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return false;
}

/** A message Slack would refuse is cut to its text (and logged) rather than lost. */
function withinLimits(deps: SlackDeps, message: SlackMessage): SlackMessage {
  const problems = limitProblems('message', { blocks: message.blocks, text: message.text });
  if (problems.length === 0) return message;
  deps.logger.error('slack: message outside Slack limits; sending text only', { problems: problems.slice(0, 5) });
  return { text: message.text.slice(0, 3000) };
}
