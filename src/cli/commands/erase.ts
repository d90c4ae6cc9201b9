import { eraseContact } from '../../core/lifecycle/erase-contact.ts';
import { erasureSentence, previewErasure } from '../../core/lifecycle/preview-erasure.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const erase: CliCommand = {
  name: 'erase',
  usage: 'erase <contact> [--yes]',
  summary: 'Erase a contact (right to erasure): says what will go, asks, then removes it for good',
  async run(context, { positionals }) {
    if (positionals.length !== 1) throw new UsageError('name one contact: an email, a phone number or a contact id');
    const lookup = positionals[0]!;
    // An id of an erased contact has nothing left to preview: erasing it again is a harmless no-op.
    const preview = await previewErasure(context.core, { accountId: context.account.id, lookup }).catch(() => null);
    if (preview) await context.confirm(`${erasureSentence(preview)}\nErase ${lookup}?`);
    const result = await eraseContact(context.core, { accountId: context.account.id, lookup, actor: context.actor });
    report(
      context,
      result,
      result.erased ? `Erased contact ${result.contactId}.` : `Contact ${result.contactId} was already erased.`,
    );
  },
};
