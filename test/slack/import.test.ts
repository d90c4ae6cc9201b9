/**
 * Contact import from Slack, end to end: a CSV shared in the app's DM (a
 * message.im event) or attached in the /portal import modal is downloaded
 * from the fake Slack file host with the bot token, previewed, and imported
 * as one bulk job on Confirm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import {
  ADMIN,
  MEMBER,
  allText,
  fileShareInDm,
  startSlackTestApp,
  type SlackTestApp,
} from './support/slack-test-app.ts';

const DM = 'D0ADMINDM';

describe.each(testProviders)('CSV import from Slack on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider);
  });
  afterAll(() => t?.close());

  const db = () => t.app.context.core.db;
  const accountId = () => t.app.context.defaultAccount.id;

  /** Shares files in a DM with the app, as Slack sends it (message.im, subtype file_share). */
  async function shareInDm(files: Array<{ id: string; name: string }>, user = ADMIN, channel = DM) {
    const response = await t.event(fileShareInDm({ user, channel, files }));
    expect(response.status).toBe(200);
    expect(response.ms).toBeLessThan(3000);
    return response;
  }

  /** The next chat.postMessage into `channel` whose text matches. */
  const posted = (channel: string, match: string, timeoutMs = 10_000) =>
    t.fake.waitFor(
      () =>
        t.fake
          .callsTo('chat.postMessage')
          .find((c) => c.args.channel === channel && String(c.args.text).includes(match)),
      timeoutMs,
    );

  function buttonValue(message: { args: Record<string, unknown> }, actionId: string): string {
    const blocks = message.args.blocks as Array<{
      type: string;
      elements?: Array<{ action_id?: string; value?: string }>;
    }>;
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
    if (!button?.value) throw new Error(`no ${actionId} button`);
    return button.value;
  }

  it('previews a CSV shared in a DM (good and bad rows), sends nothing, then imports on Confirm as one bulk job with progress', async () => {
    const invited = await t.command('invite already@example.com');
    await t.fake.waitFor(() => t.fake.responsesTo(invited.responseId)[0]);
    const csv = [
      'Email,Phone,First Name,Last Name,Grants',
      'new1@example.com,,Ana,Lima,course:Intro to SEO',
      'new2@example.com,+14155550123,Bo,,',
      'ALREADY@example.com,,,,',
      'not-an-email,,,,',
      ',,Nobody,,',
      'new1@example.com,,Dup,,',
      'bad-grant@example.com,,,,spaceship:Moon',
      ...Array.from({ length: 25 }, (_, i) => `broken${i}@,,,,`),
    ].join('\n');
    const fileId = t.fake.addFile({ name: 'contacts.csv', content: csv });
    const messagesBefore = await db().message.count();

    await shareInDm([{ id: fileId, name: 'contacts.csv' }]);
    const preview = await posted(DM, 'Import contacts.csv');
    expect(limitProblems('message', preview.args as never)).toEqual([]);
    const text = allText(preview.args.blocks);
    expect(text).toMatch(/New contacts\*\n2 /);
    expect(text).toMatch(/Already invited\*\n1 /);
    expect(text).toMatch(/Invalid rows\*\n29 /);
    expect(text).toContain('line 5: `not-an-email`: not a valid email address');
    expect(text).toContain('line 6');
    expect(text).toContain('no email or phone');
    expect(text).toMatch(/line 7: `new1@example.com`/);
    expect(text).toContain('line 8: `bad-grant@example.com`: grants:');
    expect(text).toContain('…and 9 more invalid row(s) not listed.');
    // Downloaded with the bot token.
    expect(t.fake.callsTo('files.info').at(-1)?.args.file).toBe(fileId);
    expect(t.fake.callsTo('files.download').at(-1)?.token).toBe('xoxb-test');
    // Nothing written before the confirmation.
    expect(await db().message.count()).toBe(messagesBefore);
    expect(await db().contact.count({ where: { email: { in: ['new1@example.com', 'new2@example.com'] } } })).toBe(0);

    const confirm = await t.action({
      actionId: 'import_confirm',
      value: buttonValue(preview, 'import_confirm'),
      channel: DM,
    });
    expect(confirm.status).toBe(200);
    expect(confirm.ms).toBeLessThan(3000);
    const result = await t.fake.waitFor(() =>
      t.fake.responsesTo(confirm.responseId).find((r) => allText(r.body).includes('Imported')),
    );
    expect(result.body.replace_original).toBe(true);
    expect(allText(result.body)).toContain('3 invite(s) queued (2 new contacts)');

    const job = await db().bulkJob.findFirstOrThrow({
      where: { accountId: accountId(), kind: 'import' },
      orderBy: { createdAt: 'desc' },
    });
    expect(job.total).toBe(3);
    const invites = await db().message.findMany({ where: { bulkJobId: job.id } });
    expect(invites.map((m) => m.toAddress).sort()).toEqual([
      'already@example.com',
      'new1@example.com',
      'new2@example.com',
    ]);
    expect(invites.every((m) => m.template === 'invite')).toBe(true);
    const ana = await db().contact.findFirstOrThrow({ where: { accountId: accountId(), email: 'new1@example.com' } });
    expect(ana.firstName).toBe('Ana');
    expect(await db().accessGrant.count({ where: { contactId: ana.id, kind: 'course' } })).toBe(1);
    const bo = await db().contact.findFirstOrThrow({ where: { accountId: accountId(), email: 'new2@example.com' } });
    expect(bo.phone).toBe('+14155550123');

    // Progress: one message in the DM, updated until the worker has sent all three.
    const progress = await posted(DM, 'Import invites:');
    const last = () =>
      [
        progress.args.text,
        ...t.fake
          .callsTo('chat.update')
          .filter((c) => c.args.ts !== undefined && String(c.args.text).startsWith('Import invites:'))
          .map((c) => c.args.text),
      ].at(-1);
    await t.fake.waitFor(() => String(last()).includes('3 sent, 0 failed of 3 (done)'), 10_000);
    expect(await db().auditEvent.count({ where: { action: 'contacts.imported', subject: `bulk_job:${job.id}` } })).toBe(
      1,
    );

    // The same file confirmed again (a second click, an old preview): nothing twice.
    const again = await t.action({
      actionId: 'import_confirm',
      value: buttonValue(preview, 'import_confirm'),
      channel: DM,
    });
    const answer = await t.fake.waitFor(() => t.fake.responsesTo(again.responseId)[0]);
    expect(allText(answer.body)).toContain('already imported');
    expect(await db().bulkJob.count({ where: { kind: 'import' } })).toBe(1);
  });

  it('cancel imports nothing', async () => {
    const fileId = t.fake.addFile({
      name: 'cancel-me.csv',
      content: 'email\ncancel1@example.com\ncancel2@example.com\n',
    });
    await shareInDm([{ id: fileId, name: 'cancel-me.csv' }]);
    const preview = await posted(DM, 'Import cancel-me.csv');
    expect(allText(preview.args.blocks)).toMatch(/New contacts\*\n2 /);
    const cancel = await t.action({
      actionId: 'import_cancel',
      value: buttonValue(preview, 'import_cancel'),
      channel: DM,
    });
    const answer = await t.fake.waitFor(() => t.fake.responsesTo(cancel.responseId)[0]);
    expect(allText(answer.body)).toContain('nothing imported');
    expect(await db().contact.count({ where: { email: { startsWith: 'cancel' } } })).toBe(0);
  });

  it('refuses non-admins (audited, file not even downloaded) and the Confirm button too', async () => {
    const fileId = t.fake.addFile({ name: 'sneaky.csv', content: 'email\nsneaky@example.com\n' });
    const refusals = await db().auditEvent.count({ where: { action: 'slack.refused' } });
    const infos = t.fake.callsTo('files.info').length;
    await shareInDm([{ id: fileId, name: 'sneaky.csv' }], MEMBER, 'D0MEMBERDM');
    const refused = await posted('D0MEMBERDM', 'Only portal admins can import contacts');
    expect(refused).toBeDefined();
    expect(t.fake.callsTo('files.info').length).toBe(infos);

    const button = await t.action({
      actionId: 'import_confirm',
      value: JSON.stringify({ a: accountId(), f: fileId, d: 'auto' }),
      user: MEMBER,
      channel: 'D0MEMBERDM',
    });
    const answer = await t.fake.waitFor(() => t.fake.responsesTo(button.responseId)[0]);
    expect(allText(answer.body)).toContain('Only portal admins can import contacts');
    expect(await db().auditEvent.count({ where: { action: 'slack.refused' } })).toBe(refusals + 2);
    expect(await db().contact.count({ where: { email: 'sneaky@example.com' } })).toBe(0);

    const command = await t.command('import', { user: MEMBER });
    const reply = await t.fake.waitFor(() => t.fake.responsesTo(command.responseId)[0]);
    expect(allText(reply.body)).toContain('Only portal admins can import contacts');
  });

  it('explains files it cannot import: not a CSV, no header, gone from Slack; and a plain DM gets a hint', async () => {
    const image = t.fake.addFile({ name: 'photo.png', content: 'PNG', filetype: 'png', mimetype: 'image/png' });
    await shareInDm([{ id: image, name: 'photo.png' }]);
    expect(String((await posted(DM, 'photo.png')).args.text)).toContain('not a CSV file');

    const noHeader = t.fake.addFile({ name: 'no-header.csv', content: 'ana@example.com,Ana\nbo@example.com,Bo\n' });
    await shareInDm([{ id: noHeader, name: 'no-header.csv' }]);
    expect(String((await posted(DM, 'no-header.csv')).args.text)).toContain('the first line must name the columns');

    await shareInDm([{ id: 'F0GONE', name: 'gone.csv' }]);
    expect(String((await posted(DM, 'gone.csv')).args.text)).toContain('no longer in Slack');

    const scoped = t.fake.addFile({ name: 'scoped.csv', content: 'email\nscoped@example.com\n' });
    t.fake.fail('files.info', 'missing_scope', 1);
    await shareInDm([{ id: scoped, name: 'scoped.csv' }]);
    expect(String((await posted(DM, 'scoped.csv')).args.text)).toContain('add the files:read scope');

    await t.event({ type: 'message', channel: DM, channel_type: 'im', user: ADMIN, text: 'hello?', ts: '1.1' });
    expect(String((await posted(DM, 'Share a CSV file here')).args.text)).toContain('/portal help');
    // Messages from bots (our own included) are never answered.
    const before = t.fake.callsTo('chat.postMessage').length;
    await t.event({
      type: 'message',
      channel: DM,
      channel_type: 'im',
      user: 'UBOT',
      bot_id: 'BFAKE',
      text: 'Share a CSV file here',
      ts: '1.2',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.fake.callsTo('chat.postMessage').length).toBe(before);
    expect(await db().bulkJob.count({ where: { kind: 'import' } })).toBe(1);
  });

  it('/portal import opens a form with a file input; its submission previews privately; Confirm imports by the chosen channel', async () => {
    const opened = await t.command('import', { triggerId: 'trigger-import' });
    expect(opened.ms).toBeLessThan(3000);
    const open = await t.fake.waitFor(() =>
      t.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trigger-import'),
    );
    const view = open.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Array<{ element?: { type: string } }>;
    };
    expect(view.callback_id).toBe('import_modal');
    expect(view.blocks.some((b) => b.element?.type === 'file_input')).toBe(true);
    expect(limitProblems('modal', view as never)).toEqual([]);

    const fileId = t.fake.addFile({ name: 'sms-list.csv', content: 'phone,first_name\n+14155550199,Cy\n+1415,Bad\n' });
    const submitted = await t.submit({
      callbackId: 'import_modal',
      privateMetadata: view.private_metadata,
      values: {
        file: { value: { type: 'file_input', files: [{ id: fileId, name: 'sms-list.csv' }] } },
        delivery: { value: { type: 'radio_buttons', selected_option: { value: 'sms' } } },
      },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.ms).toBeLessThan(3000);
    const preview = await t.fake.waitFor(() =>
      t.fake.responsesTo(opened.responseId).find((r) => allText(r.body).includes('Import sms-list.csv')),
    );
    expect(preview.body.response_type).toBe('ephemeral');
    const text = allText(preview.body);
    expect(text).toMatch(/New contacts\*\n1 /);
    expect(text).toMatch(/Invalid rows\*\n1 /);
    expect(text).toContain('line 3');
    expect(text).toContain('by SMS');
    const value = (preview.body.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'import_confirm')!.value;
    const confirm = await t.action({ actionId: 'import_confirm', value });
    await t.fake.waitFor(() =>
      t.fake.responsesTo(confirm.responseId).find((r) => allText(r.body).includes('Imported')),
    );
    const sms = await db().message.findMany({ where: { toAddress: '+14155550199' } });
    expect(sms).toHaveLength(1);
    expect(sms[0]!.channel).toBe('sms');

    // A delivery word opens the same form with it chosen; anything else is explained.
    const withSms = await t.command('import sms', { triggerId: 'trigger-import-sms' });
    const smsForm = await t.fake.waitFor(() =>
      t.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trigger-import-sms'),
    );
    expect(JSON.stringify(smsForm.args.view)).toContain('"initial_option":{"text":{"type":"plain_text","text":"SMS"');
    expect(withSms.status).toBe(200);
    const wrong = await t.command('import contacts.csv');
    const answer = await t.fake.waitFor(() => t.fake.responsesTo(wrong.responseId)[0]);
    expect(allText(answer.body)).toContain('Usage: `/portal import');
  });

  it('a 50,000-row CSV does not hold up Slack: events and commands are answered at once while it is read', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `big${i}@example.com,First${i},Last${i}`);
    const fileId = t.fake.addFile({ name: 'big.csv', content: `email,first_name,last_name\n${rows.join('\n')}\n` });
    await shareInDm([{ id: fileId, name: 'big.csv' }]);
    // While the preview runs, Slack keeps getting its answers in time.
    await t.fake.waitFor(() => t.fake.callsTo('files.download').find((c) => c.args.file === fileId));
    for (let i = 0; i < 3; i++) {
      const help = await t.command('help', { user: MEMBER });
      expect(help.ms).toBeLessThan(3000);
    }
    const preview = await posted(DM, 'Import big.csv', 120_000);
    expect(allText(preview.args.blocks)).toMatch(/New contacts\*\n50000 /);
  }, 180_000);
});
