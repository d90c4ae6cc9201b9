import type { ModalView } from '@slack/types';
import type { Account } from '../../core/accounts/account-view.ts';
import type { SlackDeps } from '../slack-deps.ts';
import type { Core } from '../../core/core.ts';
import type { ReplyTarget } from '../reply.ts';
import type { Actor } from '../../core/audit/actor.ts';

/** One `/portal <name> …` invocation, after the ack. */
export interface CommandRun {
  deps: SlackDeps;
  /** The domain: every subcommand calls one core function with it. */
  core: Core;
  account: Account;
  userId: string;
  actor: Actor;
  teamId: string;
  enterpriseId?: string;
  channelId: string;
  triggerId: string;
  /** Everything after the subcommand name, trimmed. */
  text: string;
  /** `text` split on white space. */
  args: string[];
  reply: ReplyTarget;
  isAdmin: boolean;
}

/**
 * A `/portal` subcommand. Adding one is a new file exporting one of these and
 * one line in commands/index.ts.
 */
export interface Subcommand {
  name: string;
  aliases?: string[];
  /** The right form, shown with every input error. */
  usage: string;
  summary: string;
  adminOnly: boolean;
  /** Only operators (PORTAL_OPERATORS) may run it: it reaches every account (`/portal accounts`). */
  operatorOnly?: boolean;
  /** Finishes "Only portal admins can …" in a refusal. */
  what: string;
  /** Acts on the arguments (or runs without any when there is no modal). */
  run(run: CommandRun): Promise<void>;
  /**
   * Opened with the slash command's trigger_id when there are no arguments.
   * May read the database first (a form filled with what is in use), well
   * inside the trigger's 3 s. Help says "form" exactly for the commands that have one.
   */
  modal?(run: CommandRun): ModalView | Promise<ModalView>;
  /** What to suggest when Slack cannot open the form; default: give the arguments directly (commands whose arguments skip the form). */
  insteadOfForm?: string;
}

export function originOf(run: CommandRun) {
  return { a: run.account.id, ch: run.channelId, ru: run.reply.responseUrl };
}

/** Pulls delivery words ("sms", "--email", "by sms") out of an argument list. */
export function takeChannel(args: string[]): { channel?: 'email' | 'sms'; rest: string[] } {
  let channel: 'email' | 'sms' | undefined;
  const rest: string[] = [];
  for (const arg of args) {
    const word = arg.toLowerCase().replace(/^--?/, '');
    if (word === 'sms' || word === 'email' || word === 'text') channel = word === 'email' ? 'email' : 'sms';
    else if (word !== 'by' && word !== 'via') rest.push(arg);
  }
  return { channel, rest };
}
