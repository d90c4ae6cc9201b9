import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startApi, type TestApi } from './start-api.ts';
import { apiRoutes } from '../../src/http/api/routes/index.ts';

describe('OpenAPI document', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite');
  });
  afterAll(() => api?.close());

  it('is served without a key and is a valid OpenAPI 3.1 document', async () => {
    const { status, body } = await api.call('GET', '/openapi.json', { key: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route, generated from the same schemas the server validates with', async () => {
    const { body } = await api.call('GET', '/openapi.json', { key: null });
    for (const route of apiRoutes) {
      const operation = body.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.operationId).toBe(route.operationId);
    }
    const upsert = body.paths['/contacts'].post;
    expect(Object.keys(upsert.requestBody.content['application/json'].schema.properties)).toEqual([
      'email',
      'phone',
      'firstName',
      'lastName',
    ]);
    expect(upsert.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    const list = body.paths['/contacts'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual([
      'status',
      'neverActivated',
      'grant',
      'resourceName',
      'cursor',
      'limit',
    ]);
    expect(body.paths['/contacts/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });
});
