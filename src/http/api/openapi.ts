/**
 * The OpenAPI 3.1 document, generated from the routes' own zod schemas
 * (zod 4's JSON Schema output is draft 2020-12, the dialect OpenAPI 3.1 uses).
 */
import { z } from 'zod';
import type { ApiRoute } from './define-route.ts';
import { errorSchema } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

const statusText: Record<number, string> = {
  400: 'Malformed request: not JSON, or not the expected shape (details.issues)',
  401: 'Missing, unknown or revoked API key',
  403: 'Not allowed',
  404: 'Not found in this account',
  409: 'Conflicts with the current state, or the same Idempotency-Key is still being processed',
  413: 'Request body too large',
  422: 'Understood but refused: invalid addresses, unreachable contacts, a reused Idempotency-Key (details says which)',
  429: 'Too many requests: retry after the Retry-After header',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

export function buildOpenApiDocument(
  routes: ApiRoute<any, any, any>[],
  options: { version: string; serverUrl: string },
): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? {
              content: {
                [response.contentType ?? 'application/json']: { schema: jsonSchema(response.schema, 'output') },
              },
            }
          : {}),
      };
    }
    for (const status of route.errors) responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.operator === 'either'
        ? { security: [{ apiKey: [] }, { operatorKey: [] }] }
        : route.operator
          ? { security: [{ operatorKey: [] }] }
          : {}),
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...(route.method === 'post' ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  const usedStatuses = [...new Set(routes.flatMap((r) => r.errors))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Portal Desk API',
      version: options.version,
      description:
        'Give access to the client portal and send login links from other systems. Authenticate with an API key: `Authorization: Bearer pd_…` (create one with `/portal apikey create` in Slack or `portal-desk apikey create`).',
    },
    servers: [{ url: options.serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, pd_…' },
        operatorKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An operator key, pd_… (`portal-desk apikey create <name> --operator`): manages accounts and account admins (`/admins?account=`); account keys get 403 on /accounts, and operator keys get 403 everywhere else',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Any unique string (a UUID). A retry with the same key gets the first answer back and does not act twice. Kept 24 hours.',
          schema: { type: 'string', maxLength: 255 },
        },
      },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      responses: Object.fromEntries(
        usedStatuses.map((status) => [
          `Error${status}`,
          {
            description: statusText[status] ?? 'Error',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}
