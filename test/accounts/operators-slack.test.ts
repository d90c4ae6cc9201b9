/**
 * PORTAL_OPERATORS in Slack (issue #16): operators take over the global admin role, so someone listed only
 * there may run admin commands; nobody gets an operator key from Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { MEMBER, allText, startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';

const OPERATOR = 'UOPS0001';

describe.each(testProviders)('PORTAL_OPERATORS in Slack, on %s', (provider) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(provider, { PORTAL_ADMINS: undefined, PORTAL_OPERATORS: OPERATOR });
  });
  afterAll(() => t?.close());

  it('lets an operator run admin commands, with an ordinary key even when asked for more; refuses a member', async () => {
    const made = await t.reply('apikey create Agency --operator', OPERATOR);
    expect(allText(made)).toMatch(/pd_[A-Za-z0-9_-]{43}/);
    const row = await t.app.context.core.db.apiKey.findFirstOrThrow({ where: { createdBy: `slack:${OPERATOR}` } });
    expect(row.operator).toBe(false);
    const refused = await t.reply('apikey create Sneaky', MEMBER);
    expect(allText(refused)).toMatch(/Only portal admins can/);
    expect(await t.app.context.core.db.apiKey.count()).toBe(1);
  });
});
