import { parseSection } from '../../core/access/sections.ts';
import { findContact } from '../../core/contacts/find-contact.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { magicLinkModal } from '../views/modals.ts';
import { showMagicLink } from '../actions/show-magic-link.ts';
import { replyPrivately } from '../reply.ts';
import { originOf, type Subcommand } from './subcommand.ts';

export const magiclink: Subcommand = {
  name: 'magiclink',
  aliases: ['magic-link', 'link'],
  usage:
    '/portal magiclink <email or phone> [courses|communities|affiliates] [name] | <email or phone> app:<app name> [/path]',
  summary:
    'Show a one-time login link, only to you, with buttons to send it by email or SMS. Without arguments: a form.',
  adminOnly: true,
  what: 'create magic links',
  modal: (run) => magicLinkModal(originOf(run)),
  async run(run) {
    const [address, sectionWord, ...name] = run.args;
    if (sectionWord?.toLowerCase().startsWith('app:')) {
      // app:Courses /intro-to-seo, or app:Courses Site /intro-to-seo (a name of several words).
      const words = [sectionWord.slice(4), ...name];
      const pathAt = words.findIndex((word) => word.startsWith('/'));
      const app = (pathAt === -1 ? words : words.slice(0, pathAt)).join(' ').trim();
      if (!app) throw invalidInput('name the app after app:, e.g. app:Courses /intro-to-seo');
      const contact = await findContact(run.core, { accountId: run.account.id, lookup: address! });
      const appPath = pathAt === -1 ? undefined : words.slice(pathAt).join(' ');
      await replyPrivately(
        run.deps,
        run.reply,
        await showMagicLink(run.deps, {
          account: run.account,
          contact,
          section: 'portal',
          app,
          appPath,
          actor: run.actor,
        }),
      );
      return;
    }
    const section = sectionWord === undefined ? 'portal' : parseSection(sectionWord);
    if (!section)
      throw invalidInput(`"${sectionWord}" is not a section: use portal, courses, communities or affiliates`);
    const contact = await findContact(run.core, { accountId: run.account.id, lookup: address! });
    const message = await showMagicLink(run.deps, {
      account: run.account,
      contact,
      section,
      resourceName: name.join(' ') || undefined,
      actor: run.actor,
    });
    await replyPrivately(run.deps, run.reply, message);
  },
};
