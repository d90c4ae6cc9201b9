import { describe, expect, it } from 'vitest';
import { createMemoryLogger, redact } from '../src/logger.ts';

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
    logger.info('sent https://x.test/l/zYLwUc8xaCE-0KWm7gyekPkTUFLmaZp7o_wqqful8lg', { header: 'Bearer pd_secretsecretsecret' });
    expect(logger.lines.join('\n')).not.toMatch(/zYLwUc8xaCE|secretsecret/);
  });
});
