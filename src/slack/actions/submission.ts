/**
 * The frame every modal submission runs in. Slack waits at most 3 seconds for
 * the answer, and the best answer to bad input is an error under the field.
 * So the work starts at once and gets a 2-second budget: if it finishes (or
 * fails) in time, the modal shows the errors or the result; if not, the modal
 * closes and the outcome arrives as a private message.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Account } from '../../core/accounts/account-view.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { errorText } from '../error-text.ts';
import { accountForChannel, namedAccount } from '../account.ts';
import { truncate } from '../blocks/text.ts';
import { replyPrivately, type ReplyTarget, type SlackMessage } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackActor } from '../../core/audit/actor.ts';
import { decodeOrigin, type ModalOrigin } from '../views/origin.ts';
import type { ViewState } from '../views/fields.ts';
import type { Actor } from '../../core/audit/actor.ts';
import type { Core } from '../../core/core.ts';

export interface Submission {
  deps: SlackDeps;
  /** The domain: every form calls core functions with it. */
  core: Core;
  account: Account;
  origin: ModalOrigin;
  userId: string;
  actor: Actor;
  state: ViewState;
  reply: ReplyTarget;
}

export type SubmitOutcome =
  | { errors: Record<string, string> }
  | { view: ModalView; after?: () => Promise<void> }
  | { message: SlackMessage; after?: () => Promise<void> };

const BUDGET_MS = 2000;

export function onSubmit(
  app: App,
  deps: SlackDeps,
  callbackId: string,
  options: { what: string; errorBlock: string },
  handler: (submission: Submission) => Promise<SubmitOutcome>,
): void {
  app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const known = decodeOrigin(view.private_metadata);
    const reply: ReplyTarget = { userId, channelId: known?.ch, responseUrl: known?.ru, client };
    const work = (async (): Promise<SubmitOutcome> => {
      // A form that does not say where it came from acts on the workspace's own account, like a
      // command in a DM: with many workspaces never on the default account (src/slack/account.ts).
      const where = { teamId: body.team?.id, enterpriseId: body.enterprise?.id, channelId: known?.ch, userId };
      const account = known ? await namedAccount(deps, where, known.a) : await accountForChannel(deps, where);
      const origin = known ?? { a: account.id };
      if (!(await deps.authz.isAdmin(userId, account.id)))
        return { message: { text: await deps.authz.refuse({ accountId: account.id, userId, what: options.what }) } };
      return handler({
        deps,
        core: deps.context.core,
        account,
        origin,
        userId,
        actor: slackActor(userId),
        state: view.state.values as ViewState,
        reply,
      });
    })().catch((error: unknown): SubmitOutcome => {
      const text = errorText(error, deps.logger, { view: callbackId, user: userId });
      return isAppError(error)
        ? { errors: { [options.errorBlock]: truncate(text.replace(/[*_`]/g, ''), 1500) } }
        : { message: { text } };
    });

    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), BUDGET_MS)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') {
      if ('errors' in first) return void (await ack({ response_action: 'errors', errors: first.errors }));
      if ('view' in first) await ack({ response_action: 'update', view: first.view });
      else await ack();
      await deliver(deps, reply, first);
      return;
    }
    await ack();
    await deliver(deps, reply, await work);
  });
}

async function deliver(deps: SlackDeps, reply: ReplyTarget, outcome: SubmitOutcome): Promise<void> {
  if ('errors' in outcome)
    return void (await replyPrivately(deps, reply, { text: Object.values(outcome.errors).join('\n') }));
  if ('message' in outcome) await replyPrivately(deps, reply, outcome.message);
  if ('after' in outcome && outcome.after)
    await outcome.after().catch((error) => deps.logger.error('slack: after-submission work failed', { error }));
}
