/** Type-ahead for the contact pickers (external selects), backed by the contact search. */
import type { App } from '@slack/bolt';
import { searchContacts } from '../../core/contacts/search-contacts.ts';
import { actionIds } from '../action-ids.ts';
import { contactOption } from '../views/fields.ts';
import { decodeOrigin } from '../views/origin.ts';
import { accountForChannel, namedAccount } from '../account.ts';
import type { SlackDeps } from '../slack-deps.ts';

export function registerContactSearch(app: App, deps: SlackDeps): void {
  app.options<'block_suggestion'>(
    { action_id: new RegExp(`^(${actionIds.contactPick}|${actionIds.contactPickMany})$`) },
    async ({ ack, body, options }) => {
      try {
        const view = body.view;
        // Without our metadata: the workspace's own account, never the default one of another workspace.
        const where = { teamId: body.team?.id, enterpriseId: body.enterprise?.id, userId: body.user.id };
        const named = decodeOrigin(view?.private_metadata)?.a;
        const accountId = (named ? await namedAccount(deps, where, named) : await accountForChannel(deps, where)).id;
        // Contact details are for admins (of this account) only, like the commands that show them.
        if (!(await deps.authz.isAdmin(body.user.id, accountId))) return void (await ack({ options: [] }));
        const contacts = await searchContacts(deps.context.core, {
          accountId,
          prefix: String(options.value ?? '').slice(0, 100),
          limit: 50,
        });
        await ack({ options: contacts.map(contactOption) });
      } catch (error) {
        deps.logger.error('slack: contact search failed', { error });
        await ack({ options: [] });
      }
    },
  );
}
