import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Problem } from '../errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  422: 'Unprocessable Content',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** The `title` of a problem answer with this status. */
export const problemTitle = (status: number): string => TITLES[status] ?? 'Error';

/** The `type` of a problem answer: a URL naming its stable code. */
export const problemType = (code: string): string =>
  `https://fsc.svom.eu/problems/${code.toLowerCase().replace(/_/g, '-')}`;

/** Sends a problem+json answer; every error leaves the FSC this way. */
export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, 'type' | 'title'> & { title?: string },
): FastifyReply {
  return reply.send(problemAnswer(reply, problem));
}

/**
 * Sets the status and content type of a problem answer and returns its document, for a hook
 * whose caller sends what it returns (the load shedder).
 */
export function problemAnswer(
  reply: FastifyReply,
  problem: Omit<Problem, 'type' | 'title'> & { title?: string },
): Problem {
  reply.code(problem.status).type('application/problem+json');
  return {
    type: problemType(problem.code),
    title: problem.title ?? problemTitle(problem.status),
    ...problem,
    requestId: String(reply.request.id),
  };
}

/**
 * One error handler for every route: validation errors name the failing field, known errors keep
 * their stable code, and 5xx hide their internals but are logged with the request id.
 */
export const problemPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(
    (
      error: FastifyError & {
        validation?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }>;
        validationContext?: string;
      },
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      if (error.validation) {
        const errors = error.validation.map((v) => {
          // A property missing, or one the schema does not know, is named itself, not its parent.
          const named = v.params?.missingProperty ?? v.params?.additionalProperty;
          const unknown = v.params && 'additionalProperty' in v.params;
          return {
            field: `/${error.validationContext ?? 'body'}${v.instancePath}${named === undefined ? '' : `/${String(named)}`}`,
            message: unknown ? 'is not a field of this request' : (v.message ?? 'is invalid'),
          };
        });
        return sendProblem(reply, {
          status: 400,
          code: 'FSC_VALIDATION',
          detail: `${errors[0]?.field} ${errors[0]?.message}`,
          field: errors[0]?.field,
          errors,
          instance: request.url,
        });
      }
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return sendProblem(reply, {
          status,
          code: status === 503 ? (error.code ?? 'FSC_UNAVAILABLE') : 'FSC_INTERNAL',
          detail: status === 503 ? error.message : 'internal error; see the logs with this request id',
          instance: request.url,
        });
      }
      const code = error.code && !error.code.startsWith('FST_') ? error.code : fastifyCode(status, error.code);
      // A body that does not parse (bad JSON, a forbidden __proto__ key) is wrong as a whole.
      const field =
        (error as { field?: string }).field ??
        (status === 400 && error.code?.startsWith('FST_ERR_CTP_') ? '/body' : undefined);
      return sendProblem(reply, {
        status,
        code,
        detail: error.message,
        ...(field ? { field } : {}),
        instance: request.url,
      });
    },
  );
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'FSC_NOT_FOUND',
      detail: `no route ${request.method} ${request.url}`,
      instance: request.url,
    }),
  );
});

/**
 * What the router refuses before any route runs (Fastify's `frameworkErrors`): a URL whose
 * percent-encoding is not UTF-8, a path parameter longer than the router takes. Fastify answers
 * these with its own JSON; the FSC answers problem+json like every other error, without echoing
 * the (possibly huge) offending text.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_BAD_URL')
    return sendProblem(reply, {
      status: 400,
      code: 'FSC_BAD_URL',
      detail: 'a path parameter is not valid percent-encoded UTF-8',
      field: '/params',
      instance: request.url.slice(0, 200),
    });
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(reply, {
      status: 414,
      code: 'FSC_URI_TOO_LONG',
      detail: 'a path parameter is longer than 100 characters',
      field: '/params',
      instance: request.url.slice(0, 200),
    });
  request.log.error({ err: error }, 'request failed before routing');
  return sendProblem(reply, {
    status: 500,
    code: 'FSC_INTERNAL',
    detail: 'internal error; see the logs with this request id',
    instance: request.url.slice(0, 200),
  });
}

function fastifyCode(status: number, code?: string): string {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'FSC_MALFORMED_JSON';
  if (status === 413) return 'FSC_PAYLOAD_TOO_LARGE';
  if (status === 415) return 'FSC_UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'FSC_RATE_LIMITED';
  return `FSC_HTTP_${status}`;
}
