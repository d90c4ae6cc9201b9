/** What people read about admins in Slack, without Slack: mentions in, refusals and lists out. */
import { describe, expect, it } from 'vitest';
import { parseMentions, unwrapLinks } from '../../src/slack/commands/escaped-text.ts';
import { refusalText } from '../../src/slack/blocks/refusal.ts';
import { splitQuoted } from '../../src/slack/commands/accounts.ts';
import { isAppError, type AppError } from '../../src/core/shared/errors.ts';

const thrown = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return error;
  }
  throw new Error('expected an AppError');
};

describe('Slack mentions in command text', () => {
  it('reads escaped user and group mentions, bare ids, and drops repeats', () => {
    expect(parseMentions(['<@U123ABC|maria>', '<!subteam^S0LEADS|@leads>', '<@W999>', 'U123ABC', 'S777'])).toEqual([
      'U123ABC',
      'S0LEADS',
      'W999',
      'S777',
    ]);
  });

  it('names each word that is not a mention, with a hint for plain @names', () => {
    const error = thrown(() => parseMentions(['@maria', '<#C123|general>', '<@U1|ok>']));
    expect(error.code).toBe('invalid_input');
    const invalid = (error.details as { invalid: Array<{ input: string; reason: string }> }).invalid;
    expect(invalid.map((i) => i.input)).toEqual(['@maria', '<#C123|general>']);
    expect(invalid[0]!.reason).toMatch(/plain text, not a mention: pick the person/);
    expect(thrown(() => parseMentions([])).message).toMatch(/at least one person/);
  });

  it('unwraps escaped emails, phone numbers and URLs, and leaves mentions alone', () => {
    expect(
      unwrapLinks(
        'invite <mailto:ana@example.com|ana@example.com> <tel:+14155550123|+1 415 555 0123> <https://x.example/cb|x> <@U1|m> <!subteam^S1|@t> <#C1|g>',
      ),
    ).toBe('invite ana@example.com +14155550123 https://x.example/cb <@U1|m> <!subteam^S1|@t> <#C1|g>');
  });

  it('keeps quoted names (straight or curly quotes) as one word', () => {
    expect(splitQuoted('create "Acme Academy" --slug acme')).toEqual(['create', 'Acme Academy', '--slug', 'acme']);
    expect(splitQuoted('rename acme “Acme Pro”')).toEqual(['rename', 'acme', 'Acme Pro']);
  });
});

describe('refusal text', () => {
  it("names the account's admins as mentions when it has some", () => {
    expect(
      refusalText({
        what: 'invite contacts',
        accountName: 'Beta <Co>',
        operatorsOnly: false,
        accountAdmins: ['UBOB', 'S0BETA'],
        operators: ['UOPS'],
      }),
    ).toBe(
      'Only portal admins can invite contacts. In this channel that means the admins of *Beta &lt;Co&gt;*: ask <@UBOB>, <!subteam^S0BETA> to do it, or to add you.',
    );
  });

  it('points at the operators when the account has no admins, and at PORTAL_OPERATORS when none are configured', () => {
    expect(
      refusalText({
        what: 'invite contacts',
        accountName: 'Beta',
        operatorsOnly: false,
        accountAdmins: [],
        operators: ['UOPS', 'S0OPS'],
      }),
    ).toBe(
      'Only portal admins can invite contacts. *Beta* has no admins of its own yet: ask an operator (<@UOPS>, <!subteam^S0OPS>) to do it, or to add you.',
    );
    expect(refusalText({ what: 'manage accounts', operatorsOnly: true, accountAdmins: ['UBOB'], operators: [] })).toBe(
      'Only operators can manage accounts. Ask whoever runs Portal Desk (operators are listed in PORTAL_OPERATORS) to do it.',
    );
  });
});
