/**
 * #12 §3-4 through HTTP: CSV export, audit events, templates and settings,
 * on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';

describe.each(testProviders)('support toolkit over the REST API on %s', (provider) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(provider);
    await api.call('POST', '/contacts', {
      body: { email: 'ana@example.com', firstName: 'Ana', lastName: '=HYPERLINK("http://evil")' },
    });
    await api.call('POST', '/contacts', { body: { phone: '+14155550199', firstName: '@Bo, "the" boss' } });
    await api.call('POST', '/contacts/ana@example.com/grants', {
      body: { kind: 'course', resourceName: 'Intro to SEO' },
    });
    const job = await api.call('POST', '/invitations', { body: { contacts: ['cy@example.com'] } });
    // The invitation is queued after the 202: wait for it, generously (shared machine).
    expect(job.status).toBe(202);
    for (
      let i = 0;
      i < 600 && (await api.call('GET', '/contacts/cy@example.com')).body.contact?.status !== 'invited';
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => api?.close());

  async function csv(query = ''): Promise<{ status: number; type: string | null; chunked: boolean; lines: string[] }> {
    const response = await fetch(`${api.app.url}/api/v1/contacts.csv${query}`, {
      headers: { authorization: `Bearer ${api.key}` },
    });
    const text = await response.text();
    // Streamed: no Content-Length, sent in chunks as pages are read.
    const chunked = response.headers.get('transfer-encoding') === 'chunked' && !response.headers.has('content-length');
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      chunked,
      lines: text.split('\r\n').filter(Boolean),
    };
  }

  it('exports contacts as CSV with the list filters, formula cells made harmless', async () => {
    const all = await csv();
    expect(all.status).toBe(200);
    expect(all.type).toMatch(/^text\/csv/);
    expect(all.lines[0]).toBe(
      'id,email,phone,first_name,last_name,status,invited_at,activated_at,last_login_at,created_at,grants',
    );
    expect(all.lines).toHaveLength(4);
    const ana = all.lines.find((l) => l.includes('ana@example.com'))!;
    expect(ana).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(ana).toMatch(/,course:Intro to SEO$/);
    const bo = all.lines.find((l) => l.includes('4155550199'))!;
    expect(bo).toContain(`,'+14155550199,"'@Bo, ""the"" boss",`);
    const course = await csv('?grant=course&resourceName=Intro%20to%20SEO');
    expect(course.lines.slice(1).map((l) => l.split(',')[1])).toEqual(['ana@example.com']);
    const invited = await csv('?status=invited');
    expect(invited.lines.slice(1).map((l) => l.split(',')[1])).toEqual(['cy@example.com']);
    // Invited today: not "never active for over 3 days".
    expect((await csv('?neverActiveDays=3')).lines).toHaveLength(1);
    expect((await csv('?neverActiveDays=0')).lines).toHaveLength(2);
    const bad = await api.call('GET', '/contacts.csv?status=asleep');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('query.status');
    expect((await api.call('GET', '/contacts.csv', { key: null })).status).toBe(401);
  });

  it('streams a large export page by page', async () => {
    const many = Array.from({ length: 450 }, (_, i) => `bulk${i}@example.com`);
    // One statement: a slow loop here would leave the client's keep-alive socket idle past the server's timeout.
    await api.app.context.core.db.contact.createMany({
      data: many.map((email, i) => ({
        id: `zz${String(i).padStart(5, '0')}`,
        accountId: api.app.context.defaultAccount.id,
        email,
      })),
    });
    const all = await csv();
    expect(all.lines).toHaveLength(1 + 3 + 450);
    expect(all.chunked).toBe(true);
    expect(new Set(all.lines).size).toBe(all.lines.length);
  });

  it('pages the audit log newest first with a keyset cursor, as sentences naming the API key', async () => {
    const first = await api.call('GET', '/audit-events?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.call('GET', `/audit-events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.data.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const everything = await api.call('GET', '/audit-events?limit=200');
    expect(seen).toEqual(everything.body.data.map((e: { id: string }) => e.id));
    const granted = await api.call('GET', '/audit-events?contactId=ana@example.com&type=access.granted');
    expect(granted.body.data).toEqual([
      expect.objectContaining({
        type: 'access.granted',
        actor: `api:${api.keyId}`,
        actorName: 'API key "Checkout"',
        sentence: 'Ana =HYPERLINK("http://evil") given Intro to SEO by API key "Checkout"',
      }),
    ]);
    const invited = await api.call('GET', '/audit-events?type=contact.*');
    expect(invited.body.data.map((e: { type: string }) => e.type)).toContain('contact.invited');
    expect(invited.body.data.find((e: { type: string }) => e.type === 'contact.invited').sentence).toBe(
      'cy@example.com invited via email by API key "Checkout"',
    );
    expect((await api.call('GET', `/audit-events?actor=slack:UNOBODY`)).body.data).toEqual([]);
    expect((await api.call('GET', `/audit-events?since=2999-01-01T00:00:00Z`)).body.data).toEqual([]);
    expect((await api.call('GET', '/audit-events?cursor=bogus')).status).toBe(422);
    expect((await api.call('GET', '/audit-events?contactId=nobody@example.com')).status).toBe(404);
    expect((await api.call('GET', '/audit-events?actor=root')).status).toBe(400);
    // Another account's key sees none of these.
    expect((await api.call('GET', '/audit-events?type=access.granted', { key: api.otherKey })).body.data).toEqual([]);
  });

  it('gets, saves, refuses and resets templates', async () => {
    const builtIn = await api.call('GET', '/templates/invite/email');
    expect(builtIn.body.template).toMatchObject({ kind: 'invite', channel: 'email', custom: false });
    expect(builtIn.body.template.knownFields).toContain('portal.login_url');
    const saved = await api.call('PUT', '/templates/invite/email', {
      body: { subject: 'Welcome to {{portal.name}}', text: 'Hi {{contact.first_name}}: {{portal.login_url}}' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.template).toMatchObject({
      custom: true,
      subject: 'Welcome to {{portal.name}}',
      updatedBy: `api:${api.keyId}`,
    });
    expect((await api.call('GET', '/templates/invite/email')).body.template.custom).toBe(true);
    const refused = await api.call('PUT', '/templates/login/sms', {
      body: { text: 'Hi {{contact.nickname}} {{#portal.name}' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('template_invalid');
    expect(refused.body.error.details.problems.length).toBeGreaterThanOrEqual(1);
    expect(refused.body.error.details.knownFields).toContain('contact.first_name');
    const unknown = await api.call('PUT', '/templates/login/sms', {
      body: { text: 'Hi {{contact.nickname}}, {{portal.url}}' },
    });
    expect(unknown.body.error.details.unknownFields).toEqual(['contact.nickname']);
    const noSubject = await api.call('PUT', '/templates/login/email', { body: { text: 'x {{portal.url}}' } });
    expect(noSubject.status).toBe(422);
    expect(noSubject.body.error.details.problems).toContain('an email template needs a subject');
    expect((await api.call('GET', '/templates/welcome/email')).status).toBe(400);
    const reset = await api.call('DELETE', '/templates/invite/email');
    expect(reset.body).toMatchObject({ reset: true, template: { custom: false } });
    expect((await api.call('DELETE', '/templates/invite/email')).body.reset).toBe(false);
  });

  it('reads and changes settings, refusing each bad field by name; the portal pages use the new name', async () => {
    const before = await api.call('GET', '/settings');
    expect(before.body.settings).toMatchObject({
      replyTo: null,
      linkLifetimes: { invite: 10080, login: 1440, code: 10, reset: 60 },
    });
    const changed = await api.call('PATCH', '/settings', {
      body: {
        portalName: 'Acme Academy',
        sender: { name: 'Acme Support', address: 'Help@Acme.example' },
        replyTo: 'desk@acme.example',
        linkLifetimes: { invite: 2880 },
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({
      portalName: 'Acme Academy',
      sender: { name: 'Acme Support', address: 'help@acme.example' },
      replyTo: 'desk@acme.example',
      linkLifetimes: { invite: 2880, login: 1440 },
    });
    const refused = await api.call('PATCH', '/settings', {
      body: { sender: { address: 'not-an-address' }, replyTo: 'nope' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.invalid.map((i: { input: string }) => i.input)).toEqual([
      'sender.address',
      'replyTo',
    ]);
    const outOfBounds = await api.call('PATCH', '/settings', { body: { linkLifetimes: { code: 100000 } } });
    expect(outOfBounds.status).toBe(400);
    expect(JSON.stringify(outOfBounds.body)).toContain('body.linkLifetimes.code');
    expect((await api.call('GET', '/settings')).body.settings.portalName).toBe('Acme Academy');
    await new Promise((r) => setTimeout(r, 2_200));
    const page = await (await fetch(`${api.app.url}/login`)).text();
    expect(page).toContain('Acme Academy');
    const audit = await api.call('GET', '/audit-events?type=settings.updated');
    expect(audit.body.data[0].sentence).toMatch(
      /^Settings changed \(portalName, sender, replyTo, linkLifetimes.invite\) by API key "Checkout"$/,
    );
  });

  it('documents every new endpoint in the OpenAPI document', async () => {
    const { body } = await api.call('GET', '/openapi.json', { key: null });
    expect(Object.keys(body.paths['/contacts.csv'].get.responses['200'].content)).toEqual(['text/csv']);
    for (const [path, method] of [
      ['/audit-events', 'get'],
      ['/templates/{kind}/{channel}', 'get'],
      ['/templates/{kind}/{channel}', 'put'],
      ['/templates/{kind}/{channel}', 'delete'],
      ['/settings', 'get'],
      ['/settings', 'patch'],
    ] as const) {
      expect(body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
