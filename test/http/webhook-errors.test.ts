/** /webhooks/* refuse in the REST API's error shape, with the API's status for each code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalApp, type PortalApp } from '../support/portal-app.ts';

describe('webhook refusals', () => {
  let portal: PortalApp;
  beforeAll(async () => {
    portal = await startPortalApp('sqlite');
  });
  afterAll(() => portal?.close());

  it('answers a Resend report that cannot be verified with 401 {error:{code,message}}', async () => {
    const res = await fetch(`${portal.url}/webhooks/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"email.delivered"}',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({
      error: { code: 'unauthorized', message: 'RESEND_WEBHOOK_SECRET is not set: delivery reports cannot be verified' },
    });
  });

  it('answers an unsigned Twilio callback with 401 {error:{code,message}}', async () => {
    const res = await fetch(`${portal.url}/webhooks/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'MessageSid=SM1&MessageStatus=delivered',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'bad or missing signature' } });
  });
});
