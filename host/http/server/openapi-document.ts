import { z, type ZodType } from 'zod';
import type { Logger } from '../../api/logger.js';
import { HOST_API_VERSION } from '../../runtime/version.js';
import type { MountedRoute } from './route-table.js';

type JsonSchema = Record<string, unknown>;

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Bad input; nothing was changed',
  '401': 'No valid session or API token',
  '403': 'The role does not allow it, or a change with the session cookie lacks the CSRF token or an Origin naming this host',
  '404': 'Not found',
  '413': 'The body is too large',
  '500': 'The server failed; the cause was logged',
};

/** An OpenAPI 3.1 document of every served route, built from the same definitions and schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly MountedRoute[], serverUrl: string, logger: Logger): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { pluginId, fullPath, definition } of routes) {
    const schemaOf = (schema: ZodType<unknown>): JsonSchema => toJsonSchema(schema, `${definition.method} ${fullPath}`, logger);
    const pathParameters = [...fullPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const operation = {
      operationId: `${pluginId}:${definition.method} ${definition.path}`,
      summary: definition.summary,
      tags: [pluginId],
      'x-access': definition.access,
      security: definition.access === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
      parameters: [...pathParameters, ...(definition.query ? queryParameters(schemaOf(definition.query)) : [])],
      ...(definition.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(definition.body) } } } } : {}),
      responses: {
        '200': { description: 'Success' },
        ...Object.fromEntries(
          Object.entries(ERROR_RESPONSES).map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
        ),
      },
    };
    const openApiPath = fullPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[openApiPath] = { ...paths[openApiPath], [definition.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'vpp-host REST API', version: HOST_API_VERSION },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/api-tokens' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'vpp_session', description: 'Changes also need the X-CSRF-Token header' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} },
        },
      },
    },
  };
}

function toJsonSchema(schema: ZodType<unknown>, where: string, logger: Logger): JsonSchema {
  try {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    return rest;
  } catch (error) {
    logger.warn(`The schema of ${where} cannot be described in OpenAPI`, { error: String(error) });
    return {};
  }
}

function queryParameters(schema: JsonSchema): unknown[] {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
}
