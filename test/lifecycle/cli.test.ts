/**
 * The lifecycle commands as a person or script runs them: `portal-desk …` in
 * a child process, on a real database, checking output, --json and exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { openCliWorkspace, type CliWorkspace } from '../support/cli-process.ts';
import type { Db } from '../../src/db/client.ts';
import type { Core } from '../../src/core/core.ts';
import { invited, sessionState, signedIn } from './lifecycle-fixture.ts';

describe.each(testProviders)(
  'CLI deactivate, reactivate, signout, edit and erase (child process), on %s',
  (provider) => {
    let ws: CliWorkspace;
    let db: Db;
    let core: Core;
    let accountId: string;
    const cli = (...args: string[]) => ws.cli(...args);
    beforeAll(async () => {
      ws = await openCliWorkspace(provider, 'lifecycle');
      ({ db, core, accountId } = ws);
    });
    afterAll(async () => {
      await ws?.close();
    });

    it('deactivates and reactivates, with --json and exit codes 0, 1 and 2', async () => {
      const { contactId, sessionId } = await signedIn(core, accountId, 'cli@example.com');
      const off = await cli('deactivate', 'cli@example.com', '--json');
      expect(off.code).toBe(0);
      expect(JSON.parse(off.out)).toMatchObject({ contactId, status: 'deactivated', changed: true, sessionsEnded: 1 });
      expect(await sessionState(core, sessionId)).toBe('contact_deactivated');
      const unknown = await cli('deactivate', 'nobody@example.com');
      expect(unknown.code).toBe(1);
      expect(unknown.err).toMatch(/no contact nobody@example.com/);
      expect((await cli('deactivate')).code).toBe(2);
      const on = await cli('reactivate', 'cli@example.com');
      expect(on.code).toBe(0);
      expect(on.out).toMatch(/now active/);
      expect((await db.contact.findUniqueOrThrow({ where: { id: contactId } })).status).toBe('active');
    });

    it("signs out everywhere and edits an address, refusing another contact's", async () => {
      const { contactId, sessionId } = await signedIn(core, accountId, 'edit-me@example.com');
      await invited(core, accountId, 'taken@example.com');
      const out = await cli('signout', 'edit-me@example.com', '--json');
      expect(JSON.parse(out.out)).toEqual({ contactId, sessionsEnded: 1 });
      expect(await sessionState(core, sessionId)).toBeNull();
      const taken = await cli('edit', 'edit-me@example.com', '--email', 'taken@example.com');
      expect(taken.code).toBe(1);
      expect(taken.err).toMatch(/email taken@example.com already belongs to another contact/);
      const edited = await cli(
        'edit',
        'edit-me@example.com',
        '--email',
        'Fixed@Example.com',
        '--first-name',
        'Edie',
        '--json',
      );
      expect(edited.code).toBe(0);
      expect(JSON.parse(edited.out)).toMatchObject({
        contactId,
        changed: ['email', 'firstName'],
        email: 'fixed@example.com',
      });
      expect((await cli('edit', 'fixed@example.com')).code).toBe(2);
    });

    it('erases only when confirmed: refused without --yes (exit 1), then done, then a harmless no-op', async () => {
      const { contactId } = await invited(core, accountId, 'gone@example.com');
      const refused = await cli('erase', 'gone@example.com');
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/email gone@example.com[\s\S]*\nErase gone@example.com\?$/);
      expect(refused.err).toBe(
        'Nothing was done: there is no terminal to confirm on. Run again with --yes to go ahead.',
      );
      expect(await db.contact.count({ where: { id: contactId } })).toBe(1);
      const erased = await cli('erase', 'gone@example.com', '--yes', '--json');
      expect(erased.code).toBe(0);
      expect(JSON.parse(erased.out)).toMatchObject({ contactId, erased: true });
      expect(await db.contact.count({ where: { id: contactId } })).toBe(0);
      const again = await cli('erase', contactId, '--yes');
      expect(again).toMatchObject({ code: 0, out: expect.stringMatching(/already erased/) });
    });
  },
);
