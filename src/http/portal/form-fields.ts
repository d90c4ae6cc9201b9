import type { Request } from 'express';

/** A text field of a submitted form, trimmed and bounded; missing or non-text fields read as "". */
export function formText(req: Request, name: string, maxLength = 320): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim().slice(0, maxLength) : '';
}

/** A password field: never trimmed (spaces are allowed), bounded well above the longest allowed password. */
export function formPassword(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, 1024) : '';
}
