/**
 * The frame every button runs in: ack at once, read the button's value,
 * find its account, check the person is an admin, then act; errors become a
 * private reply, never a crash.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Account } from '../../core/accounts/account-view.ts';
import { errorText } from '../error-text.ts';
import { accountForChannel, namedAccount } from '../account.ts';
import { replyPrivately, type ReplyTarget } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackActor } from '../../core/audit/actor.ts';
import type { Actor } from '../../core/audit/actor.ts';
import type { Core } from '../../core/core.ts';

export interface ActionRun {
  deps: SlackDeps;
  /** The domain: every button calls core functions with it. */
  core: Core;
  account: Account;
  userId: string;
  actor: Actor;
  /** The button's value, parsed (buttons we render carry JSON). */
  value: Record<string, unknown>;
  reply: ReplyTarget;
  triggerId: string;
  /** Set when the button sits in a modal (or App Home): update that view instead of replying. */
  viewId?: string;
  channelId?: string;
  body: BlockAction;
}

export function parseValue(value: string | undefined): Record<string, unknown> {
  try {
    const parsed = JSON.parse(value ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { raw: value };
  }
}

export function onButton(
  app: App,
  deps: SlackDeps,
  actionId: string,
  options: { what: string; adminOnly?: boolean },
  handler: (run: ActionRun) => Promise<void>,
): void {
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: actionId },
    async ({ ack, body, action, client }) => {
      await ack();
      const reply: ReplyTarget = {
        userId: body.user.id,
        channelId: body.channel?.id,
        responseUrl: body.response_url,
        client,
      };
      try {
        const value = parseValue(action.value);
        const where = {
          teamId: body.team?.id,
          enterpriseId: body.enterprise?.id,
          channelId: body.channel?.id,
          userId: body.user?.id,
        };
        // Always resolved, even when the button names its account: a channel bound by another workspace refuses here.
        const channelAccount = await accountForChannel(deps, where);
        const account =
          typeof value.a === 'string' && value.a !== channelAccount.id
            ? await namedAccount(deps, where, value.a)
            : channelAccount;
        if (options.adminOnly !== false && !(await deps.authz.isAdmin(body.user.id, account.id))) {
          await replyPrivately(deps, reply, {
            text: await deps.authz.refuse({ accountId: account.id, userId: body.user.id, what: options.what }),
          });
          return;
        }
        await handler({
          deps,
          core: deps.context.core,
          account,
          userId: body.user.id,
          actor: slackActor(body.user.id),
          value,
          reply,
          triggerId: body.trigger_id,
          viewId: body.view?.id,
          channelId: body.channel?.id,
          body,
        });
      } catch (error) {
        await replyPrivately(deps, reply, {
          text: errorText(error, deps.logger, { action: actionId, user: body.user.id }),
        });
      }
    },
  );
}
