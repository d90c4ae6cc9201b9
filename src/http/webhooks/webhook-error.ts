import type { Response } from 'express';
import type { ErrorCode } from '../../core/shared/errors.ts';
import { errorStatus } from '../api/error-status.ts';
import type { ErrorBody } from '../api/error-handler.ts';
import type { RequestErrorCode } from '../api/request-error.ts';

/** Webhook refusals in the API's shape, `{ error: { code, message } }`, with the status from the API's one table. */
export function sendWebhookError(res: Response, code: ErrorCode | RequestErrorCode, message: string): void {
  const body: ErrorBody = { error: { code, message } };
  res.status(errorStatus[code]).json(body);
}
