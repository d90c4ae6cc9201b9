/**
 * Fetches a file someone shared with the app: files.info for what it is, then
 * its url_private_download with the bot token. The token is only ever sent to
 * Slack's file hosts (or to the host of SLACK_API_URL, for tests and proxies),
 * and redirects are followed by hand so it never leaks elsewhere.
 */
import { currentRequestToken } from '../oauth/request-client.ts';
import { AppError, invalidInput } from '../../core/shared/errors.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackErrorCode } from '../error-text.ts';

/** A CSV of 50,000 contacts with grants is a few MB; anything much bigger is not a contact list. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface SlackFileInfo {
  id: string;
  name: string;
  size: number;
}

interface FileObject {
  id?: string;
  name?: string;
  title?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

export function isCsvFile(file: Pick<FileObject, 'name' | 'filetype' | 'mimetype'>): boolean {
  return file.filetype === 'csv' || file.mimetype === 'text/csv' || (file.name ?? '').toLowerCase().endsWith('.csv');
}

function tokenMayGoTo(deps: SlackDeps, url: URL): boolean {
  const api = deps.context.config.slack.apiUrl;
  if (api && new URL(api).origin === url.origin) return true;
  return url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'));
}

/** What Slack says about a file. @throws AppError not_found, not_configured (missing scope), invalid_input (not a CSV, too big) */
export async function slackFileInfo(deps: SlackDeps, fileId: string): Promise<{ info: SlackFileInfo; url: string }> {
  let file: FileObject | undefined;
  try {
    file = (await deps.client.files.info({ file: fileId })).file as FileObject | undefined;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'file_not_found' || code === 'file_deleted')
      throw new AppError('not_found', 'That file is no longer in Slack (deleted?); share it again');
    if (code === 'ratelimited')
      throw new AppError('rate_limited', 'Slack is rate limiting the app; share the file again in a minute');
    if (code === 'missing_scope' || code === 'not_allowed_token_type')
      throw new AppError(
        'not_configured',
        'The Slack app cannot read files: add the files:read scope (see manifest.json) and reinstall it',
      );
    throw error;
  }
  if (!file) throw new AppError('not_found', 'Slack did not describe that file; share it again');
  const name = file.name ?? file.title ?? fileId;
  if (!isCsvFile(file))
    throw invalidInput(
      `"${name}" is not a CSV file. Export your list as CSV (columns: email, phone, first_name, last_name, grants) and share that.`,
    );
  if ((file.size ?? 0) > MAX_IMPORT_BYTES)
    throw invalidInput(
      `"${name}" is ${Math.round((file.size ?? 0) / 1024 / 1024)} MB; imports take CSV files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it in parts.`,
    );
  const url = file.url_private_download ?? file.url_private;
  if (!url) throw new AppError('not_found', `Slack gave no download address for "${name}"`);
  return { info: { id: file.id ?? fileId, name, size: file.size ?? 0 }, url };
}

/** Downloads a shared CSV, whole (bounded by MAX_IMPORT_BYTES). */
export async function downloadSlackFile(
  deps: SlackDeps,
  fileId: string,
): Promise<{ info: SlackFileInfo; content: Buffer }> {
  const { info, url } = await slackFileInfo(deps, fileId);
  // Many workspaces: the token of the workspace whose request shared the file.
  const token = deps.context.config.slack.botToken ?? currentRequestToken();
  let target = new URL(url);
  for (let hop = 0; hop < 4; hop++) {
    if (!tokenMayGoTo(deps, target))
      throw new AppError('forbidden', `refusing to send the bot token to ${target.host} to download "${info.name}"`);
    const response = await fetch(target, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      target = new URL(response.headers.get('location')!, target);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError(
        'not_found',
        `Slack answered ${response.status} when downloading "${info.name}"; share it again`,
      );
    }
    // Without the right scope Slack answers 200 with its sign-in page instead of the file.
    if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      await response.body?.cancel();
      throw new AppError(
        'not_configured',
        'Slack would not let the app download the file: check that the app has the files:read scope and reinstall it',
      );
    }
    return { info, content: await readBounded(response, info.name) };
  }
  throw new AppError('not_found', `Too many redirects downloading "${info.name}"`);
}

async function readBounded(response: Response, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_IMPORT_BYTES)
      throw invalidInput(`"${name}" is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it in parts`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
