/**
 * The twilio SDK's RequestClient, with two additions: when TWILIO_API_URL is
 * set, requests for api.twilio.com go to that base URL instead (tests point it
 * at test/fakes/twilio.ts); and the Retry-After header of a failed answer is
 * kept for the send that caused it, because the SDK's RestException drops
 * response headers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient.js';

const RequestClient = twilio.RequestClient;

/** One store per send: the headers of the last answer that send got. */
export const twilioResponseHeaders = new AsyncLocalStorage<{ retryAfter?: string }>();

export class TwilioHttpClient extends RequestClient {
  constructor(
    private readonly apiUrl: string | undefined,
    options: { timeoutMs: number },
  ) {
    super({ timeout: options.timeoutMs, autoRetry: false, keepAlive: true });
  }

  override async request<TData>(opts: RequestClientType.RequestOptions<TData>) {
    const uri = this.apiUrl ? rebase(opts.uri, this.apiUrl) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    const store = twilioResponseHeaders.getStore();
    const headers = (response.headers ?? {}) as Record<string, string | undefined>;
    if (store) store.retryAfter = headers['retry-after'];
    return response;
  }
}

function rebase(uri: string, apiUrl: string): string {
  const target = new URL(uri);
  const base = new URL(apiUrl);
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${target.pathname}${target.search}`;
}
