import type { Core } from '../core.ts';
import { queueAccessGrantedMessage } from './queue-access-granted-message.ts';

/**
 * Attaches the automations to a core. Called once where the core is built
 * (src/open-core.ts), so grants from Slack, the API, the CLI and imports
 * all trigger them. Idempotent.
 */
export function registerAutomation(core: Core): void {
  if (!core.hooks.accessGranted.includes(queueAccessGrantedMessage))
    core.hooks.accessGranted.push(queueAccessGrantedMessage);
}
