/**
 * A grant's URL (where the course or community really lives, in an app) from
 * the CLI and from Slack, through the same core function as the REST API:
 * stored on the grant, seen by apps in portal_access, audited, and refused
 * with the field named when it is not an https address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { readContactClaims } from '../../src/core/oidc/contact-claims.ts';
import { runCli } from '../../src/cli/run-cli.ts';

describe('grant URLs from the CLI and Slack', () => {
  let t: SlackTestApp;
  let anaId: string;
  beforeAll(async () => {
    t = await startSlackTestApp('sqlite');
    const core = t.app.context.core;
    anaId = (
      await findOrCreateContact(core, {
        accountId: t.app.context.defaultAccount.id,
        address: 'ana@example.com',
        actor: 'system',
      })
    ).contact.id;
  });
  afterAll(() => t?.close());

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const config = t.app.context.config;
    const code = await runCli(argv, {
      env: { DATABASE_URL: config.databaseUrl, DATA_DIR: config.dataDir, PUBLIC_URL: config.publicUrl },
      print: (x) => out.push(x),
      printError: (x) => err.push(x),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const grantRow = (resourceName: string) =>
    t.app.context.core.db.accessGrant.findFirstOrThrow({ where: { contactId: anaId, resourceName } });
  const urlOf = async (resourceName: string) =>
    (await readContactClaims(t.app.context.core, { contactId: anaId }))!.portalAccess.find(
      (a) => a.resource_name === resourceName,
    )?.resource_url;
  const audits = (action: string) =>
    t.app.context.core.db.auditEvent.findMany({ where: { action }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

  it('CLI: grant … --url sets it on a new grant and on one the contact already has; a bad URL is refused by name', async () => {
    const granted = await cli(
      'grant',
      'ana@example.com',
      'course',
      'Intro',
      'to',
      'SEO',
      '--url',
      'https://courses.example.com/intro-to-seo',
    );
    expect(granted).toMatchObject({
      code: 0,
      out: 'Granted course "Intro to SEO" to ana@example.com (opens https://courses.example.com/intro-to-seo).',
    });
    expect((await grantRow('Intro to SEO')).resourceUrl).toBe('https://courses.example.com/intro-to-seo');
    expect(await urlOf('Intro to SEO')).toBe('https://courses.example.com/intro-to-seo');

    const moved = await cli(
      'grant',
      'ana@example.com',
      'course',
      'Intro to SEO',
      '--url',
      'https://learn.example.com/seo',
      '--json',
    );
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.out)).toMatchObject({
      changed: false,
      resourceUrlSet: true,
      resourceUrl: 'https://learn.example.com/seo',
    });
    expect(await urlOf('Intro to SEO')).toBe('https://learn.example.com/seo');
    expect((await audits('access.url_set')).at(-1)!.metadata).toContain('https://learn.example.com/seo');

    const same = await cli('grant', 'ana@example.com', 'course', 'Intro to SEO');
    expect(same.out).toBe(
      'ana@example.com already has course "Intro to SEO" (opens https://learn.example.com/seo): nothing changed.',
    );

    const bad = await cli(
      'grant',
      'ana@example.com',
      'course',
      'Pottery',
      '--url',
      'http://courses.example.com/pottery',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/resourceUrl: .* must use https/);
    expect(
      await t.app.context.core.db.accessGrant.count({ where: { contactId: anaId, resourceName: 'Pottery' } }),
    ).toBe(0);
  });

  it('Slack: /portal grant … url:<https://…> (as Slack sends a typed link) and the grant form set it; bad input names the field', async () => {
    const reply = allText(
      await t.reply(
        'grant ana@example.com community Founders Circle url:<https://forum.example.com/c/founders>',
        ADMIN,
      ),
    );
    expect(reply).toContain('now has Community: Founders Circle (opens https://forum.example.com/c/founders)');
    expect(await urlOf('Founders Circle')).toBe('https://forum.example.com/c/founders');
    expect((await audits('access.granted')).at(-1)!.metadata).toContain('https://forum.example.com/c/founders');

    const moved = allText(
      await t.reply(
        'grant ana@example.com community url: <https://forum.example.com/founders|forum> Founders Circle',
        ADMIN,
      ),
    );
    expect(moved).toContain('already had Community: Founders Circle; it now opens https://forum.example.com/founders');
    expect(await urlOf('Founders Circle')).toBe('https://forum.example.com/founders');

    expect(allText(await t.reply('grant ana@example.com course Pottery url:ftp://x.example.com', ADMIN))).toMatch(
      /resourceUrl: .* must use https/,
    );
    expect(allText(await t.reply('grant ana@example.com course Pottery url:', ADMIN))).toMatch(
      /url: needs the address/,
    );
    expect(
      allText(await t.reply('revoke ana@example.com course Intro to SEO url:https://x.example.com', ADMIN)),
    ).toMatch(/url: goes with grant/);
    expect(
      await t.app.context.core.db.accessGrant.count({ where: { contactId: anaId, resourceName: 'Pottery' } }),
    ).toBe(0);

    // The grant form: an optional URL field; a bad one is shown under that field.
    const accountId = t.app.context.defaultAccount.id;
    const meta = JSON.stringify({ a: accountId, ch: 'C0GENERAL', ru: t.fake.responseUrl('grant-form'), m: 'grant' });
    const values = (url: string) => ({
      contact: { contact_pick: { selected_option: { value: anaId } } },
      grant_kind: { value: { type: 'static_select', selected_option: { value: 'course' } } },
      grant_name: { value: { type: 'plain_text_input', value: 'Pottery' } },
      grant_url: { value: { type: 'plain_text_input', value: url } },
    });
    const refused = await t.submit({
      callbackId: 'grant_modal',
      privateMetadata: meta,
      values: values('javascript:alert(1)'),
    });
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { grant_url: expect.stringMatching(/^resourceUrl: /) },
    });
    expect(
      await t.app.context.core.db.accessGrant.count({ where: { contactId: anaId, resourceName: 'Pottery' } }),
    ).toBe(0);
    await t.submit({
      callbackId: 'grant_modal',
      privateMetadata: meta,
      values: values('https://courses.example.com/pottery'),
    });
    await t.fake.waitFor(() =>
      t.fake
        .responsesTo('grant-form')
        .find((r) => allText(r.body).includes('opens https://courses.example.com/pottery')),
    );
    expect(await urlOf('Pottery')).toBe('https://courses.example.com/pottery');
  });
});
