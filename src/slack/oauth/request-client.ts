/**
 * In OAuth mode there is no one bot token: each request speaks for the
 * workspace it came from. Listeners that call `deps.client` (replies, modals,
 * uploads) get that workspace's token from the request they run in, carried
 * by AsyncLocalStorage from a global Bolt middleware, so none of them needs
 * to change. Outside a request there is no token: per-account work uses
 * `deps.clients.forAccount` (src/slack/slack-clients.ts) instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { webApi, type App } from '@slack/bolt';

const requestToken = new AsyncLocalStorage<string | undefined>();

/** The bot token of the workspace whose request is running, if any. */
export function currentRequestToken(): string | undefined {
  return requestToken.getStore();
}

/** A WebClient that signs every call with the running request's bot token unless the call names its own. */
export class RequestScopedClient extends webApi.WebClient {
  override apiCall(method: string, options: Record<string, unknown> = {}): Promise<webApi.WebAPICallResult> {
    const token = requestToken.getStore();
    return super.apiCall(method, token && !options.token ? { ...options, token } : options);
  }
}

/** Registered first, so every listener (and the work it starts after acking) runs inside its request's token. */
export function scopeRequestsToTheirToken(app: App): void {
  app.use(async ({ context, next }) => {
    await requestToken.run(context.botToken, next);
  });
}
