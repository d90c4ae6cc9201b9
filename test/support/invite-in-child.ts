/**
 * Run as its own process by test/core/bulk-job-kill.test.ts: queues one bulk
 * invitation of INVITE_COUNT contacts on DATABASE_URL, to be killed part-way.
 */
import { createDb } from '../../src/db/client.ts';
import { createCore } from '../../src/core/core.ts';
import { ensureDefaultAccount } from '../../src/core/accounts/ensure-default-account.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';

const db = await createDb(process.env.DATABASE_URL!);
const core = createCore({ db, publicUrl: 'http://portal.test', linkKey: Buffer.from(process.env.LINK_KEY!, 'hex') });
const account = await ensureDefaultAccount(core);
const invitees = Array.from({ length: Number(process.env.INVITE_COUNT) }, (_, i) => `killed${i}@example.com`);
await inviteContacts(core, { accountId: account.id, invitees, actor: 'api:test' });
await db.$disconnect();
