import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, redact } from '../src/logger.ts';

describe('log redaction', () => {
  it.each([
    ['link token', 'GET /l/zYLwUc8xaCE-0KWm7gyekPkTUFLmaZp7o_wqqful8lg 200', 'zYLwUc8xaCE'],
    ['reset token', 'https://p.example/reset-password?token=AbC-dEf_123456789', 'AbC-dEf_123456789'],
    ['Slack bot token', 'token=xoxb-1234-5678-abcdefABCDEF', '1234-5678-abcdef'],
    ['Slack app token', 'xapp-1-A0PORTAL-123-abcdef', 'A0PORTAL-123'],
    ['bearer key', 'authorization: Bearer pd_abc-DEF_ghi-JKL_mno', 'abc-DEF'],
    ['API key with dashes', 'key pd_Q2x-ab_cdEFgh-IJklMNop-qr', 'IJklMNop'],
    ['Resend key', 're_123456789abcdefXYZ', '123456789abcdef'],
    ['response URL', '"response_url":"https://hooks.slack.com/commands/T1/2/xyz"', 'commands/T1'],
    ['Socket Mode ticket', 'wss://wss.slack.com/link/?ticket=5e7f-aa&app_id=A1', '5e7f-aa'],
  ])('masks a %s', (_name, line, secret) => {
    const masked = redact(line);
    expect(masked).not.toContain(secret);
    expect(masked).toMatch(/redacted|\[token\]/);
  });

  it('masks what reaches the log even when the caller forgot', () => {
    const logger = createMemoryLogger();
    logger.info('sent https://x.test/l/zYLwUc8xaCE-0KWm7gyekPkTUFLmaZp7o_wqqful8lg', {
      header: 'Bearer pd_secretsecretsecret',
    });
    expect(logger.lines.join('\n')).not.toMatch(/zYLwUc8xaCE|secretsecret/);
  });
});

describe('pino logs', () => {
  it('writes one JSON object a line, with the error stack and the request id', () => {
    const logger = createMemoryLogger();
    logger
      .child({ requestId: 'req-1' })
      .error('portal request failed', { error: new TypeError('cannot read x'), path: '/portal' });
    expect(logger.lines).toHaveLength(1);
    const line = JSON.parse(logger.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', msg: 'portal request failed', requestId: 'req-1', path: '/portal' });
    expect(line.error).toMatchObject({
      type: 'TypeError',
      message: 'cannot read x',
      stack: expect.stringMatching(/^TypeError: cannot read x\n\s+at /),
    });
    expect(new Date(String(line.time)).getTime()).not.toBeNaN();
  });

  it('masks secret fields by name, one level down too, and drops lines under the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', format: 'json', write: (l) => lines.push(l) });
    logger.debug('not shown');
    logger.warn('signing in', {
      password: 'hunter2hunter2',
      request: { authorization: 'Basic abc', token: 'tok-123' },
      sessionSecret: 's'.repeat(40),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/hunter2|Basic abc|tok-123|s{40}/);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      password: '[redacted]',
      request: { authorization: '[redacted]', token: '[redacted]' },
    });
  });
});
