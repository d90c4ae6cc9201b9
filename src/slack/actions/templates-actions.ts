/**
 * The templates modal at work: picking another message reloads it, typing
 * re-renders the preview, Send me a test queues the draft to the address
 * given, Reset goes back to the built-in message, Save stores the draft
 * (problems come back under the text field).
 */
import type { App, BlockAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { findAccount } from '../../core/accounts/find-account.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { saveTemplate } from '../../core/templates/save-template.ts';
import { deleteTemplate } from '../../core/templates/delete-template.ts';
import { sendTemplateTest } from '../../core/templates/send-template-test.ts';
import { actionIds, viewIds } from '../action-ids.ts';
import { errorText, slackErrorCode } from '../error-text.ts';
import { escapeText } from '../blocks/text.ts';
import { simpleMessage } from '../blocks/results.ts';
import { replyPrivately } from '../reply.ts';
import { namedAccount } from '../account.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackActor } from '../../core/audit/actor.ts';
import { stateText, type ViewState } from '../views/fields.ts';
import {
  parseTemplateChoice,
  templateBlocks,
  templatesModal,
  type TemplatesModalMeta,
} from '../views/templates-modal.ts';
import { draftPreview, loadTemplatesModal } from '../commands/templates.ts';
import { onSubmit } from './submission.ts';

function metaOf(view: { private_metadata?: string } | undefined): TemplatesModalMeta | undefined {
  try {
    const meta = JSON.parse(view?.private_metadata ?? '') as TemplatesModalMeta;
    return typeof meta.a === 'string' && parseTemplateChoice(`${meta.k}:${meta.n}`) ? meta : undefined;
  } catch {
    return undefined;
  }
}

type ModalAction = (input: {
  deps: SlackDeps;
  meta: TemplatesModalMeta;
  state: ViewState;
  userId: string;
  body: BlockAction;
  update(view: ModalView): Promise<void>;
}) => Promise<void>;

function onModalAction(app: App, deps: SlackDeps, actionId: string, handler: ModalAction): void {
  app.action<BlockAction>({ type: 'block_actions', action_id: actionId }, async ({ ack, body }) => {
    await ack();
    const meta = metaOf(body.view);
    if (!meta || !body.view) return;
    const userId = body.user.id;
    try {
      const where = { teamId: body.team?.id, enterpriseId: body.enterprise?.id, channelId: meta.ch, userId };
      await namedAccount(deps, where, meta.a);
      if (!(await deps.authz.isAdmin(userId, meta.a))) {
        await replyPrivately(
          deps,
          { userId, channelId: meta.ch, responseUrl: meta.ru },
          { text: await deps.authz.refuse({ accountId: meta.a, userId, what: 'change message templates' }) },
        );
        return;
      }
      const viewId = body.view.id;
      const update = async (view: ModalView) => {
        try {
          await deps.client.views.update({ view_id: viewId, view });
        } catch (error) {
          deps.logger.warn('slack: templates modal not updated', { error: slackErrorCode(error) ?? String(error) });
        }
      };
      await handler({ deps, meta, state: (body.view.state?.values ?? {}) as ViewState, userId, body, update });
    } catch (error) {
      await replyPrivately(
        deps,
        { userId, channelId: meta.ch, responseUrl: meta.ru },
        { text: errorText(error, deps.logger, { action: actionId, user: userId }) },
      );
    }
  });
}

function draftOf(meta: TemplatesModalMeta, state: ViewState) {
  return {
    kind: meta.k,
    channel: meta.n,
    subject: meta.n === 'email' ? stateText(state, templateBlocks.subject) : undefined,
    text: stateText(state, templateBlocks.text),
  };
}

export function registerTemplatesActions(app: App, deps: SlackDeps): void {
  onModalAction(app, deps, actionIds.templatePick, async ({ deps, meta, body, update }) => {
    const action = body.actions[0] as { selected_option?: { value: string } };
    const which = parseTemplateChoice(action.selected_option?.value);
    if (!which) return;
    const account = await findAccount(deps.context.core, { id: meta.a });
    await update(await loadTemplatesModal(deps, account, { ...meta, k: which.kind, n: which.channel }));
  });

  onModalAction(app, deps, actionIds.templateDraft, async ({ deps, meta, state, update }) => {
    const account = await findAccount(deps.context.core, { id: meta.a });
    const draft = draftOf(meta, state);
    // Inputs keep what was typed (same block and action ids); only the preview changes.
    await update(
      templatesModal({ meta, subject: draft.subject, text: draft.text, preview: draftPreview(deps, account, draft) }),
    );
  });

  onModalAction(app, deps, actionIds.templateTest, async ({ deps, meta, state, userId, update }) => {
    const account = await findAccount(deps.context.core, { id: meta.a });
    const draft = draftOf(meta, state);
    const to = stateText(state, templateBlocks.testTo);
    let note: string;
    if (!to)
      note = `:point_up: Type where the test should go (${meta.n === 'email' ? 'your email address' : 'your phone number'}) in "Send the test to", then press *Send me a test* again.`;
    else {
      try {
        const sent = await sendTemplateTest(deps.context.core, {
          accountId: account.id,
          kind: meta.k,
          channel: meta.n,
          subject: draft.subject,
          body: draft.text,
          to,
          actor: slackActor(userId),
        });
        note = `:outbox_tray: Test queued to ${escapeText(sent.to)}: the draft as it is now, for the sample contact, with sample links.`;
      } catch (error) {
        if (!isAppError(error)) throw error;
        note = `:warning: ${escapeText(error.message)}`;
      }
    }
    await update(
      templatesModal({
        meta,
        subject: draft.subject,
        text: draft.text,
        preview: draftPreview(deps, account, draft),
        note,
      }),
    );
  });

  onModalAction(app, deps, actionIds.templateReset, async ({ deps, meta, userId, update }) => {
    const account = await findAccount(deps.context.core, { id: meta.a });
    const reset = await deleteTemplate(deps.context.core, {
      accountId: account.id,
      kind: meta.k,
      channel: meta.n,
      actor: slackActor(userId),
    });
    await update(
      await loadTemplatesModal(
        deps,
        account,
        meta,
        reset ? ':leftwards_arrow_with_hook: Back to the built-in message.' : 'This already was the built-in message.',
      ),
    );
  });

  onSubmit(
    app,
    deps,
    viewIds.templates,
    { what: 'change message templates', errorBlock: templateBlocks.text },
    async (s) => {
      const which = parseTemplateChoice(`${s.origin.k}:${s.origin.n}`);
      if (!which)
        return {
          errors: { [templateBlocks.text]: 'This form lost track of its message; open /portal templates again.' },
        };
      const draft = draftOf({ a: s.account.id, k: which.kind, n: which.channel }, s.state);
      try {
        const saved = await saveTemplate(s.deps.context.core, {
          accountId: s.account.id,
          kind: draft.kind,
          channel: draft.channel,
          subject: draft.subject,
          body: draft.text,
          actor: s.actor,
        });
        return {
          message: simpleMessage(
            `:white_check_mark: The ${saved.kind} ${saved.channel === 'sms' ? 'SMS' : 'email'} is saved: messages from now on use it.`,
          ),
        };
      } catch (error) {
        if (isAppError(error, 'template_invalid'))
          return {
            errors: {
              [templateBlocks.text]: (error.details as { problems: string[] }).problems.join('; ').slice(0, 1500),
            },
          };
        throw error;
      }
    },
  );
}
