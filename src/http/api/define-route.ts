/**
 * One route = one definition: the zod schemas that validate the request are
 * the ones the OpenAPI document is generated from (src/http/api/openapi.ts),
 * so the document cannot drift from what the server accepts.
 */
import type { Request } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { ApiCaller } from '../../core/api-keys/authenticate-api-key.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<P, Q, B> {
  context: AppContext;
  /** Who is calling: the API key's account and actor. */
  caller: ApiCaller;
  params: P;
  query: Q;
  body: B;
  request: Request;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * A body written piece by piece (CSV export) instead of `body` as JSON:
   * the response starts before the last piece exists. GET routes only
   * (an idempotent replay stores whole bodies).
   */
  stream?: { contentType: string; pieces: AsyncIterable<string> };
}

export interface ApiRoute<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  /** OpenAPI form, relative to /api/v1: `/contacts/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Success responses, by status. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /**
   * Takes an operator key (accounts) instead of an account key. Each kind of key
   * is refused with 403 on the other kind's routes. `'either'`: both kinds, the
   * route itself decides which account an operator key acts on (`/admins?account=`).
   * @default false
   */
  operator?: boolean | 'either';
  /** Error statuses this route can answer, documented with the common error body. */
  errors: number[];
  handler(input: RouteInput<P, Q, B>): Promise<RouteResult>;
}

/** Typed identity: lets each route file infer its handler's input from its schemas. */
export function defineRoute<P = undefined, Q = undefined, B = undefined>(route: ApiRoute<P, Q, B>): ApiRoute<P, Q, B> {
  return route;
}

/** Express form of an OpenAPI path: `/contacts/{id}` -> `/contacts/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
