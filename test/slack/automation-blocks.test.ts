/** The import, API key and automation views are pure: fed large and hostile data, they stay inside Slack's limits. */
import { describe, expect, it } from 'vitest';
import { limitProblems } from '../../src/slack/blocks/limits.ts';
import { apiKeyListMessage, createdApiKeyMessage } from '../../src/slack/blocks/api-keys.ts';
import { automationMessage } from '../../src/slack/blocks/automation.ts';
import { importPreviewMessage, importResultMessage } from '../../src/slack/blocks/import-preview.ts';
import { helpMessage } from '../../src/slack/blocks/help.ts';
import { importModal } from '../../src/slack/views/import-modal.ts';
import { subcommands } from '../../src/slack/commands/index.ts';
import { parseAutomationArgs } from '../../src/slack/commands/automation.ts';
import type { ApiKey } from '../../src/core/api-keys/api-key-view.ts';

const long = (n: number) => 'ş<&>'.repeat(Math.ceil(n / 4)).slice(0, n);
const at = new Date('2026-01-02T03:04:05Z');
const apiKey = (i: number): ApiKey => ({
  id: `k${i}`,
  accountId: 'a1',
  name: long(80),
  prefix: 'pd_abcdefg',
  createdBy: 'slack:U1',
  operator: false,
  createdAt: at,
  lastUsedAt: i % 2 ? at : null,
  revokedAt: i % 3 ? null : at,
});

describe('import, API key and automation views', () => {
  it('the API key list fits with hundreds of long-named keys and counts the rest', () => {
    const message = apiKeyListMessage(Array.from({ length: 400 }, (_, i) => apiKey(i)));
    expect(limitProblems('message', message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('Showing 60 of 400 keys');
    expect(JSON.stringify(message)).not.toContain('<&>');
    expect(apiKeyListMessage([]).text).toContain('No API keys');
    expect(limitProblems('message', createdApiKeyMessage(apiKey(1), `pd_${'x'.repeat(43)}`))).toEqual([]);
  });

  it('the import preview fits with a huge file, hostile names and many invalid rows', () => {
    const invalid = Array.from({ length: 100 }, (_, i) => ({ line: i + 2, input: long(500), reason: long(500) }));
    const preview = {
      rows: 50_000,
      newContacts: 40_000,
      alreadyInvited: 5_000,
      alreadyActive: 4_900,
      toInvite: 45_000,
      grants: 99_999,
      invalidCount: 100,
      conflictCount: 0,
      invalid,
    };
    const message = importPreviewMessage(preview, {
      fileName: long(300),
      value: { a: 'a'.repeat(21), f: 'F'.repeat(11), d: 'auto' },
    });
    expect(limitProblems('message', message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('…and 80 more invalid row(s) not listed.');
    expect(JSON.stringify(message)).toContain('Invite 45000');
    const nothing = importPreviewMessage(
      { ...preview, newContacts: 0, alreadyInvited: 0, alreadyActive: 0, toInvite: 0 },
      { fileName: 'x.csv', value: { a: 'a', f: 'f', d: 'sms' } },
    );
    expect(JSON.stringify(nothing)).not.toContain('import_confirm');
    expect(
      limitProblems(
        'message',
        importResultMessage(
          { bulkJobId: 'j', invited: 1, created: 1, alreadyActive: 2, grantsApplied: 3, invalidCount: 4 },
          { fileName: long(500) },
        ),
      ),
    ).toEqual([]);
    expect(
      limitProblems('modal', importModal({ a: 'a1', ch: 'C1', ru: `https://hooks.slack.com/${'x'.repeat(200)}` })),
    ).toEqual([]);
  });

  it('automation says on/off and the channels; help lists the new commands within limits', () => {
    expect(
      automationMessage({ accessGranted: { enabled: true, channels: ['email', 'sms'] } }, { isAdmin: true }).text,
    ).toContain('on (email and SMS)');
    expect(
      automationMessage({ accessGranted: { enabled: false, channels: ['email'] } }, { isAdmin: false }).text,
    ).toContain('off');
    const help = helpMessage(subcommands, { isAdmin: true });
    expect(limitProblems('message', help)).toEqual([]);
    for (const usage of ['/portal import', '/portal automation', '/portal apikey create'])
      expect(JSON.stringify(help)).toContain(usage);
  });

  it('parses automation arguments', () => {
    expect(parseAutomationArgs(['on'])).toEqual({ enabled: true });
    expect(parseAutomationArgs(['ON', 'sms,email', 'sms'])).toEqual({ enabled: true, channels: ['sms', 'email'] });
    expect(parseAutomationArgs(['off'])).toEqual({ enabled: false });
    expect(() => parseAutomationArgs(['on', 'pigeon'])).toThrow(/not a channel/);
    expect(() => parseAutomationArgs(['sometimes'])).toThrow(/not on or off/);
  });
});
