import type { webApi } from '@slack/bolt';
import type { AppContext } from '../app-context.ts';
import type { Logger } from '../logger.ts';
import type { Authz } from './authz.ts';
import type { ProgressTracker } from './progress.ts';

/** What every listener is built from. */
export interface SlackDeps {
  context: AppContext;
  client: webApi.WebClient;
  authz: Authz;
  progress: ProgressTracker;
  logger: Logger;
}
