import type { App } from '@slack/bolt';
import { actionIds } from '../action-ids.ts';
import { inviteModal, loginEmailModal, magicLinkModal } from '../views/modals.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { onButton } from './action-run.ts';
import { openView } from './open-view.ts';

/** App Home's three main actions open the same modals as the commands; results go to the person's DM. */
export function registerHomeButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.homeInvite, { what: 'invite contacts' }, (run) =>
    openView(run, inviteModal({ a: run.account.id })),
  );
  onButton(app, deps, actionIds.homeMagicLink, { what: 'create magic links' }, (run) =>
    openView(run, magicLinkModal({ a: run.account.id })),
  );
  onButton(app, deps, actionIds.homeLoginEmail, { what: 'send login emails' }, (run) =>
    openView(run, loginEmailModal({ a: run.account.id })),
  );
}
