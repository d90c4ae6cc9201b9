/**
 * A CSV shared in the app's DM (message.im with files) is read as a contact
 * import: the preview with Confirm/Cancel is posted back in the DM. Events are
 * acked by Bolt before this runs, so a big file never makes Slack retry.
 */
import type { App } from '@slack/bolt';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { errorText } from '../error-text.ts';
import { accountForChannel } from '../account.ts';
import { postMessage } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { isCsvFile } from '../imports/download-slack-file.ts';
import { previewSlackFile } from '../imports/preview-slack-file.ts';

interface DirectMessage {
  channel: string;
  channel_type?: string;
  user?: string;
  subtype?: string;
  bot_id?: string;
  team?: string;
  files?: Array<{ id: string; name?: string; filetype?: string; mimetype?: string }>;
}

/** Files read from one message: more is almost certainly a mistake, and each costs a download. */
const MAX_FILES = 3;

export function registerFileShared(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, body }) => {
    const message = event as unknown as DirectMessage;
    if (message.channel_type !== 'im' || message.bot_id || !message.user) return;
    if (message.subtype && message.subtype !== 'file_share') return;
    // The envelope names the workspace (and organisation) the event is for; the message's own `team`
    // is the sender's, which can be absent or, on Enterprise Grid, another team of the organisation.
    const envelope = body as { team_id?: string; enterprise_id?: string };
    const workspace = { teamId: envelope.team_id || message.team, enterpriseId: envelope.enterprise_id || undefined };
    try {
      await onDirectMessage(deps, message as DirectMessage & { user: string }, workspace);
    } catch (error) {
      await postMessage(deps, message.channel, {
        text: errorText(error, deps.logger, { event: 'message.im', user: message.user }),
      });
    }
  });
}

async function onDirectMessage(
  deps: SlackDeps,
  message: DirectMessage & { user: string },
  workspace: { teamId?: string; enterpriseId?: string },
): Promise<void> {
  const files = message.files ?? [];
  if (files.length === 0) {
    await postMessage(
      deps,
      message.channel,
      simpleMessage(
        'Share a CSV file here (columns: email, phone, first_name, last_name, grants) to import contacts; I show what would happen before anything is sent. Everything else: `/portal help`.',
      ),
    );
    return;
  }
  const account = await accountForChannel(deps, {
    ...workspace,
    channelId: message.channel,
    userId: message.user,
  });
  if (!(await deps.authz.isAdmin(message.user, account.id))) {
    await postMessage(deps, message.channel, {
      text: await deps.authz.refuse({ accountId: account.id, userId: message.user, what: 'import contacts' }),
    });
    return;
  }
  const csvs = files.filter((f) => isCsvFile(f) || (!f.filetype && !f.name));
  const others = files.filter((f) => !csvs.includes(f));
  if (others.length > 0) {
    const names = others.map((f) => `"${escapeText(f.name ?? f.id)}"`).join(', ');
    await postMessage(
      deps,
      message.channel,
      simpleMessage(`${names}: not a CSV file, so not imported. Export the list as CSV and share that.`),
    );
  }
  for (const file of csvs.slice(0, MAX_FILES)) {
    try {
      await postMessage(
        deps,
        message.channel,
        await previewSlackFile(deps, { accountId: account.id, fileId: file.id, delivery: 'auto' }),
      );
    } catch (error) {
      await postMessage(deps, message.channel, {
        text: `${escapeText(file.name ?? file.id)}: ${errorText(error, deps.logger, { event: 'message.im', file: file.id })}`,
      });
    }
  }
  if (csvs.length > MAX_FILES)
    await postMessage(
      deps,
      message.channel,
      simpleMessage(`Only the first ${MAX_FILES} files of one message are read; share the others separately.`),
    );
}
