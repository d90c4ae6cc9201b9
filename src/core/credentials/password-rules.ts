/**
 * NIST SP 800-63B password rules: long enough, no composition rules, not the
 * contact's own address, not one of the passwords everybody tries first.
 */
export const minPasswordLength = 8;
/** Above NIST's 64; the cap only bounds hashing work. */
export const maxPasswordLength = 256;

// The most common passwords of 8+ characters in public breach corpora.
const common = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password!',
  'passw0rd',
  '12345678',
  '123456789',
  '1234567890',
  '11111111',
  '00000000',
  '87654321',
  'qwertyui',
  'qwertyuiop',
  'qwerty123',
  'iloveyou',
  'abcdefgh',
  'abc12345',
  'abcd1234',
  '1q2w3e4r',
  '1qaz2wsx',
  'qazwsxedc',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'welcome1',
  'welcome123',
  'letmein1',
  'trustno1',
  'superman',
  'starwars',
  'whatever',
  'computer',
  'michelle',
  'corvette',
  'changeme',
  'aaaaaaaa',
  'zaq12wsx',
  'q1w2e3r4',
  'asdfghjk',
  'asdfasdf',
  'mustang1',
  'jennifer',
  'liverpool',
]);

/** @returns why the password cannot be used, or null when it can. */
export function passwordProblem(password: string, context: { email?: string | null } = {}): string | null {
  const length = [...password.normalize('NFKC')].length;
  if (length < minPasswordLength) return `Use at least ${minPasswordLength} characters.`;
  if (length > maxPasswordLength) return `Use at most ${maxPasswordLength} characters.`;
  const folded = password.trim().toLowerCase();
  const email = context.email?.toLowerCase();
  if (email && (folded === email || folded === email.split('@')[0]))
    return 'Your email address cannot be your password.';
  if (common.has(folded)) return 'That password is one of the first that attackers try. Choose another.';
  return null;
}
