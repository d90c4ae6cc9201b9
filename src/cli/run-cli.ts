/**
 * The command line: the same core functions as Slack and the API, for people
 * without Slack and for scripts. It opens the database like the service does
 * (src/open-core.ts) and queues messages in the same outbox; the running
 * service's worker sends them.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { findAccount } from '../core/accounts/find-account.ts';
import { isAppError } from '../core/shared/errors.ts';
import { NotConfirmed, UsageError, type CliCommand, type CliContext } from './cli-command.ts';
import { invite } from './commands/invite.ts';
import { magiclink } from './commands/magiclink.ts';
import { loginEmail } from './commands/login-email.ts';
import { stats } from './commands/stats.ts';
import { importCsv } from './commands/import.ts';
import { apikey } from './commands/apikey.ts';
import { automation } from './commands/automation.ts';
// Contact lifecycle (#12 §1-2)
import { deactivate, reactivate } from './commands/deactivate.ts';
import { erase } from './commands/erase.ts';
import { signout } from './commands/signout.ts';
import { edit } from './commands/edit.ts';
// #12 support toolkit (contact, grants, reminders, failures, lists, audit, templates, settings)
import { contact } from './commands/contact.ts';
import { grant, revoke } from './commands/grant.ts';
import { remind } from './commands/remind.ts';
import { failed, requeue } from './commands/failed.ts';
import { list, exportCsv } from './commands/list.ts';
import { audit } from './commands/audit.ts';
import { templates } from './commands/templates.ts';
import { settings } from './commands/settings.ts';
// OpenID Connect apps (#15)
import { apps } from './commands/apps.ts';
// Accounts, for operators (#16)
import { accounts } from './commands/accounts.ts';
import { admins } from './commands/admins.ts';

export const cliCommands: CliCommand[] = [
  invite,
  magiclink,
  loginEmail,
  stats,
  importCsv,
  apikey,
  automation,
  // Contact lifecycle (#12 §1-2)
  deactivate,
  reactivate,
  erase,
  signout,
  edit,
  // #12 support toolkit
  contact,
  grant,
  revoke,
  remind,
  failed,
  requeue,
  list,
  exportCsv,
  audit,
  templates,
  settings,
  apps,
  accounts,
  admins,
];

const globalOptions = {
  account: { type: 'string' },
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function cliHelp(): string {
  return [
    'Usage: portal-desk <command> [options]   (or: npm run cli -- <command> [options])',
    '',
    ...cliCommands.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Options for every command:',
    '  --account <slug>   the portal to act on (default: the first one)',
    '  --json             print JSON, for scripts',
    '  --yes, -y          answer yes to confirmations',
    '',
    'Configuration comes from .env in this directory and the environment (which wins), as for the service:',
    'DATABASE_URL, PUBLIC_URL, SESSION_SECRET, …. Without PUBLIC_URL, links use the URL the service stored.',
  ].join('\n');
}

export interface CliIo {
  env?: Record<string, string | undefined>;
  print?: (text: string) => void;
  /** Raw output (streamed CSV); defaults to stdout, waiting when it is full. */
  write?: (text: string) => Promise<void>;
  printError?: (text: string) => void;
  /** Reads an answer from a terminal; undefined when there is none. */
  ask?: (question: string) => Promise<string>;
}

/** @returns the exit code: 0 done, 1 refused or failed, 2 usage */
export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const print = io.print ?? ((text) => process.stdout.write(text + '\n'));
  const printError = io.printError ?? ((text) => process.stderr.write(text + '\n'));
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    print(cliHelp());
    return name ? 0 : 2;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    printError(`unknown command "${name}"\n\n${cliHelp()}`);
    return 2;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    printError(`${(error as Error).message}\nusage: ${command.usage}`);
    return 2;
  }
  if (args.values.help) {
    print(`usage: ${command.usage}\n${command.summary}`);
    return 0;
  }
  let opened;
  try {
    // zod and the phone-number metadata load here, not for --help.
    const { loadConfig } = await import('../config.ts');
    const config = loadConfig(io.env ?? process.env);
    // Loaded only here: the database client and Prisma are most of the start-up time, and --help needs neither.
    const { openCore } = await import('../open-core.ts');
    opened = { ...(await openCore(config)), config };
  } catch (error) {
    if ((error as Error).name === 'ConfigError') {
      printError((error as Error).message);
      return 1;
    }
    throw error;
  }
  try {
    const account = args.values.account
      ? await findAccount(opened.core, { slug: String(args.values.account) })
      : opened.defaultAccount;
    // Without PUBLIC_URL, links use the URL the account was created with (by the service, which knew where
    // it runs), never a localhost guessed from this shell's PORT.
    if (opened.config.publicUrlSource !== 'PUBLIC_URL') opened.core.publicUrl = serviceUrlOf(account.portalUrl);
    const yes = args.values.yes === true;
    const context: CliContext = {
      core: opened.core,
      account,
      actor: 'system',
      json: args.values.json === true,
      yes,
      print,
      write: io.write ?? writeStdout,
      async confirm(question) {
        if (yes) return;
        const ask = io.ask ?? (process.stdin.isTTY ? askTerminal : undefined);
        // A script without --yes must not look like it succeeded: it did nothing. It still sees the question,
        // which names what --yes would do.
        if (!ask) {
          if (args.values.json !== true) print(question);
          throw new NotConfirmed('there is no terminal to confirm on');
        }
        if (!/^y(es)?$/i.test((await ask(`${question} [y/N] `)).trim())) throw new NotConfirmed('not confirmed');
      },
    };
    await command.run(context, {
      positionals: args.positionals,
      values: args.values as Record<string, string | boolean | string[] | undefined>,
    });
    return 0;
  } catch (error) {
    if (error instanceof NotConfirmed) {
      // One wording for every confirming command (import, remind, erase): nothing happened, and how to go ahead.
      printError(`Nothing was done: ${error.message}. Run again with --yes to go ahead.`);
      return 1;
    }
    if (error instanceof UsageError) {
      printError(`${error.message}\nusage: ${command.usage}`);
      return 2;
    }
    if (isAppError(error)) {
      const invalid =
        (error.details as { invalid?: Array<{ input: string; reason: string }> } | undefined)?.invalid ?? [];
      printError(
        [`error: ${error.message}`, ...invalid.slice(0, 50).map((i) => `  ${i.input}: ${i.reason}`)].join('\n'),
      );
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}

async function writeStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** `https://desk.example.com/portal` -> `https://desk.example.com` (the service's base URL). */
export function serviceUrlOf(portalUrl: string): string {
  return portalUrl.replace(/\/+$/, '').replace(/\/portal$/, '');
}

async function askTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
