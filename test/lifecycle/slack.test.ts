/**
 * The lifecycle through real Bolt: signed slash commands and button clicks
 * against the running service, answers read from the fake Slack API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import { recordLinkVisit } from '../../src/core/links/record-link-visit.ts';
import { inspectLink } from '../../src/core/links/inspect-link.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { ADMIN, MEMBER, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';
import { invited, sessionState, signedIn } from './lifecycle-fixture.ts';

describe.each(testProviders)('contact lifecycle in Slack (real Bolt, signed requests), on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider);
  });
  afterAll(() => t?.close());
  const core = () => t.app.context.core;
  const accountId = () => t.app.context.defaultAccount.id;
  const value = (contactId: string) => JSON.stringify({ a: accountId(), c: contactId });
  async function click(actionId: string, contactId: string, user = ADMIN) {
    const clicked = await t.action({ actionId, value: contactId ? value(contactId) : '{}', user });
    expect(clicked.status).toBe(200);
    return (await t.fake.waitFor(() => t.fake.responsesTo(clicked.responseId)[0])).body;
  }

  it('/portal deactivate asks privately, the button turns access off, and reactivate turns it back on', async () => {
    const { contactId, sessionId } = await signedIn(core(), accountId(), 'dee@example.com');
    const ask = await t.reply('deactivate dee@example.com');
    expect(ask.response_type).toBe('ephemeral');
    expect(allText(ask)).toMatch(/Turn off portal access for \*dee@example.com\*/);
    expect(JSON.stringify(ask)).toContain('contact_deactivate');
    expect((await core().db.contact.findUniqueOrThrow({ where: { id: contactId } })).status).toBe('active');

    expect(allText(await click('contact_deactivate', contactId, MEMBER))).toContain('Only portal admins');
    const done = await click('contact_deactivate', contactId);
    expect(done.replace_original).toBe(true);
    expect(allText(done)).toMatch(/Access turned off for dee@example.com: 1 session\(s\) ended/);
    expect(JSON.stringify(done)).toContain('contact_reactivate');
    expect(await sessionState(core(), sessionId)).toBe('contact_deactivated');
    expect(allText(await t.reply('deactivate dee@example.com'))).toContain('already turned off');

    const back = await t.reply('reactivate dee@example.com');
    expect(allText(back)).toMatch(/access is back on \(\*active\*\)/);
    expect((await core().db.contact.findUniqueOrThrow({ where: { id: contactId } })).status).toBe('active');
    // The card's buttons do the same: turn off (Slack asks first, in its own dialog), then back on.
    expect(allText(await click('contact_deactivate', contactId))).toContain('Access turned off');
    const onAgain = await click('contact_reactivate', contactId);
    expect(allText(onAgain)).toMatch(/Access is back on \(\*active\*\)/);
    expect(JSON.stringify(onAgain)).toContain('contact_deactivate');
    const listed = await core().db.contact.count({ where: { id: contactId, status: 'active' } });
    expect(listed).toBe(1);
    expect(allText(await t.reply('deactivate'))).toMatch(/\/portal deactivate <email or phone>/);
    expect(allText(await t.reply('reactivate dee@example.com', MEMBER))).toContain('Only portal admins');
  });

  it('/portal erase names what will go; cancel changes nothing; the button erases', async () => {
    const { contactId } = await invited(core(), accountId(), 'gone@example.com');
    await t.reply(`grant gone@example.com course Intro to SEO`);
    const ask = await t.reply('erase gone@example.com');
    expect(allText(ask)).toMatch(/Erasing removes for good: email gone@example.com, .*1 grant\(s\)/);
    expect(allText(await click('lifecycle_cancel', ''))).toContain('nothing changed');
    expect(await core().db.contact.count({ where: { id: contactId } })).toBe(1);
    const done = await click('contact_erase', contactId);
    expect(allText(done)).toMatch(/Erased\..*only an audit note/);
    expect(await core().db.contact.count({ where: { id: contactId } })).toBe(0);
    expect(allText(await click('contact_erase', contactId))).toContain('already erased');
    expect(allText(await t.reply('erase gone@example.com'))).toContain('No contact');
  });

  it("the contact card tells the latest links' story and its buttons sign out everywhere and revoke all links", async () => {
    const { contactId, token } = await invited(core(), accountId(), 'story@example.com');
    const link = await inspectLink(core(), { token });
    await recordLinkVisit(core(), { link, signs: ['head_request'] });
    const replacing = await createMagicLink(core(), {
      accountId: accountId(),
      contactId,
      sentVia: 'email',
      actor: 'system',
    });
    await createMagicLink(core(), { accountId: accountId(), contactId, sentVia: 'slack', actor: `slack:${ADMIN}` });
    const card = await t.reply('contact story@example.com');
    expect(limitProblems('message', card as never)).toEqual([]);
    const text = allText(card);
    expect(text).toContain('*Latest links* (2 live)');
    expect(text).toMatch(/Invite link: .*opened by a mail scanner .*replaced by a newer link/);
    expect(text).toMatch(/Login link: created .*shown in Slack; still works until/);
    // The scan is in the card's activity too, as an audit sentence (link.scanned, not the old link.scanner_hit).
    expect(text).toMatch(/[Ll]ink to story@example\.com opened by a mail scanner \(it still works\)/);
    for (const id of [
      'contact_login_email',
      'contact_revoke_links',
      'contact_edit',
      'contact_sign_out',
      'contact_deactivate',
    ])
      expect(JSON.stringify(card)).toContain(id);

    await redeemLink(core(), { accountId: accountId(), token: replacing.token, session: {} });
    const out = await click('contact_sign_out', contactId);
    expect(allText(out)).toMatch(/Signed out everywhere: 1 session\(s\) ended/);
    expect(allText(out)).toMatch(/used .* UTC/);
    const revoked = await click('contact_revoke_links', contactId);
    expect(allText(revoked)).toMatch(/1 unused link\(s\) and code\(s\) no longer work/);
    expect(allText(revoked)).toContain('(0 live)');
  });

  it('Edit opens a filled-in modal; a taken address is refused under its field; a new one revokes links sent to the old', async () => {
    const { contactId, token } = await invited(core(), accountId(), 'typo@exmaple.com');
    await invited(core(), accountId(), 'taken@example.com');
    const before = t.fake.callsTo('views.open').length;
    await t.action({ actionId: 'contact_edit', value: value(contactId) });
    const opened = await t.fake.waitFor(() => t.fake.callsTo('views.open')[before]);
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe('edit_contact_modal');
    expect(JSON.stringify(view)).toContain('"initial_value":"typo@exmaple.com"');
    expect(limitProblems('modal', view as never)).toEqual([]);
    const values = (email: string) => ({
      edit_email: { value: { type: 'plain_text_input', value: email } },
      edit_phone: { value: { type: 'plain_text_input', value: null } },
      edit_first_name: { value: { type: 'plain_text_input', value: 'Ty' } },
      edit_last_name: { value: { type: 'plain_text_input', value: null } },
    });
    const clash = await t.submit({
      callbackId: 'edit_contact_modal',
      privateMetadata: view.private_metadata,
      values: values('taken@example.com'),
    });
    expect(clash.json).toMatchObject({
      response_action: 'errors',
      errors: { edit_email: expect.stringMatching(/email taken@example.com already belongs to another contact/) },
    });
    const bad = await t.submit({
      callbackId: 'edit_contact_modal',
      privateMetadata: view.private_metadata,
      values: values('+14155550100'),
    });
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: { edit_email: expect.stringMatching(/not an email address/) },
    });
    const saved = await t.submit({
      callbackId: 'edit_contact_modal',
      privateMetadata: view.private_metadata,
      values: values('typo@example.com'),
    });
    expect(saved.status).toBe(200);
    const contact = await core().db.contact.findUniqueOrThrow({ where: { id: contactId } });
    expect(contact).toMatchObject({ email: 'typo@example.com', firstName: 'Ty' });
    await expect(redeemLink(core(), { accountId: accountId(), token })).rejects.toMatchObject({ code: 'link_revoked' });
  });

  it('a link shown in Slack says the invite still works, and it does', async () => {
    const { token } = await invited(core(), accountId(), 'peek@example.com');
    const shown = await t.reply('magiclink peek@example.com');
    expect(allText(shown)).toContain("the contact's earlier links still work");
    expect((await redeemLink(core(), { accountId: accountId(), token })).contact.email).toBe('peek@example.com');
  });
});
