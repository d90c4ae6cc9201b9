import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactFilterOf, contactFilterQuery } from '../contact-filter-query.ts';
import { exportContacts } from '../../../core/contacts/export-contacts.ts';

export const contactsExport = defineRoute({
  method: 'get',
  path: '/contacts.csv',
  operationId: 'exportContacts',
  tag: 'contacts',
  summary: 'Every contact the filters select, as CSV, streamed',
  description:
    "Columns: id, email, phone, first_name, last_name, status, invited_at, activated_at, last_login_at, created_at, grants (the import format). Cells starting with =, +, -, @, tab or carriage return are prefixed with ' so spreadsheets never run them as formulas.",
  query: contactFilterQuery,
  responses: { 200: { description: 'CSV, header row first', contentType: 'text/csv', schema: z.string() } },
  errors: [400, 401, 422, 429],
  async handler({ context, caller, query }) {
    const filter = contactFilterOf(query, context.core.now());
    return {
      status: 200,
      body: null,
      headers: { 'content-disposition': 'attachment; filename="contacts.csv"', 'cache-control': 'no-store' },
      stream: {
        contentType: 'text/csv; charset=utf-8',
        pieces: exportContacts(context.core, { accountId: caller.accountId, ...filter }),
      },
    };
  },
});
