import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('PORTAL_OPERATORS', () => {
  it('lists operators; PORTAL_ADMINS members count as operators too, and operators as admins (one global role)', () => {
    const config = loadConfig({ PORTAL_OPERATORS: 'UOPS1, S0OPSGROUP', PORTAL_ADMINS: 'UADM1 UOPS1' });
    expect(config.slack.operators).toEqual(['UADM1', 'UOPS1']);
    expect(config.slack.operatorGroups).toEqual(['S0OPSGROUP']);
    expect(config.slack.admins).toEqual(['UADM1', 'UOPS1']);
    expect(config.slack.adminGroups).toEqual(['S0OPSGROUP']);
  });

  it('keeps PORTAL_ADMINS alone working as before, and has no operators without either', () => {
    expect(loadConfig({ PORTAL_ADMINS: 'U1,S2' }).slack).toMatchObject({
      admins: ['U1'],
      adminGroups: ['S2'],
      operators: ['U1'],
      operatorGroups: ['S2'],
    });
    expect(loadConfig({}).slack).toMatchObject({ operators: [], operatorGroups: [], admins: [] });
  });

  it('refuses something that is not a Slack id, naming the variable', () => {
    const error = (() => {
      try {
        loadConfig({ PORTAL_OPERATORS: 'UOPS1, maria@example.com' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(/^PORTAL_OPERATORS must list Slack user ids/);
  });
});
