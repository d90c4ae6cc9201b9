import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { updateSettings } from '../../core/settings/update-settings.ts';
import { viewIds } from '../action-ids.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { stateConversation, stateText } from '../views/fields.ts';
import { settingsBlocks } from '../views/settings-modal.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { onSubmit } from './submission.ts';

/** Which form field each settings input is, for errors under the right one. */
const blockOfInput: Record<string, string> = {
  portalName: settingsBlocks.portalName,
  'sender.address': settingsBlocks.senderAddress,
  'sender.name': settingsBlocks.senderName,
  replyTo: settingsBlocks.replyTo,
  'linkLifetimes.invite': settingsBlocks.invite,
  'linkLifetimes.login': settingsBlocks.login,
  'linkLifetimes.code': settingsBlocks.code,
  'linkLifetimes.reset': settingsBlocks.reset,
  digestChannel: settingsBlocks.digestChannel,
  alertsChannel: settingsBlocks.alertsChannel,
};

export function registerSettingsSubmit(app: App, deps: SlackDeps): void {
  onSubmit(
    app,
    deps,
    viewIds.settings,
    { what: 'change portal settings', errorBlock: settingsBlocks.portalName },
    async (s) => {
      const text = (block: string) => stateText(s.state, block);
      const number = (block: string) => Number(text(block));
      const address = text(settingsBlocks.senderAddress);
      try {
        const saved = await updateSettings(s.deps.context.core, {
          accountId: s.account.id,
          portalName: text(settingsBlocks.portalName),
          sender: address ? { name: text(settingsBlocks.senderName) || null, address } : null,
          replyTo: text(settingsBlocks.replyTo) || null,
          linkLifetimes: {
            invite: number(settingsBlocks.invite),
            login: number(settingsBlocks.login),
            code: number(settingsBlocks.code),
            reset: number(settingsBlocks.reset),
          },
          digestChannel: stateConversation(s.state, settingsBlocks.digestChannel),
          alertsChannel: stateConversation(s.state, settingsBlocks.alertsChannel),
          actor: s.actor,
        });
        return {
          message: simpleMessage(
            `:gear: Settings saved: *${escapeText(saved.portalName)}*${saved.sender ? `, sending as ${escapeText(saved.sender.address)}` : ''}. Every message and page uses them from now on.`,
          ),
        };
      } catch (error) {
        const invalid = isAppError(error, 'invalid_input')
          ? (error.details as { invalid?: Array<{ input: string; reason: string }> } | undefined)?.invalid
          : undefined;
        if (!invalid) throw error;
        return {
          errors: Object.fromEntries(
            invalid.map((i) => [blockOfInput[i.input] ?? settingsBlocks.portalName, i.reason]),
          ),
        };
      }
    },
  );
}
