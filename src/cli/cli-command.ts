import type { Core } from '../core/core.ts';
import type { Account } from '../core/accounts/account-view.ts';

export interface CliContext {
  core: Core;
  account: Account;
  /** Who the audit trail says acted. */
  actor: 'system';
  /** Print JSON instead of sentences (for scripts). */
  json: boolean;
  /** Answer yes to confirmations. */
  yes: boolean;
  print(text: string): void;
  /** Writes text as it is (no newline added): streamed output such as a CSV export. */
  write(text: string): Promise<void>;
  /**
   * Resolves when the person said yes (or passed --yes). Otherwise it prints the question (so a script's log
   * shows what would have happened) and throws NotConfirmed: every confirming command ends the same way,
   * "Nothing was done: …", exit 1.
   */
  confirm(question: string): Promise<void>;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Options this command accepts beyond the global ones (name -> takes a value). */
  options?: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
  run(
    context: CliContext,
    args: { positionals: string[]; values: Record<string, string | boolean | string[] | undefined> },
  ): Promise<void>;
}

export class UsageError extends Error {}

/** A confirming command stopped before doing anything; the message says why (no terminal, or the answer was no). */
export class NotConfirmed extends Error {}

/** Prints the result as JSON, or the sentence for people. */
export function report(context: CliContext, result: unknown, sentence: string): void {
  context.print(context.json ? JSON.stringify(result, null, 2) : sentence);
}
