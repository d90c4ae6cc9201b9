import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { jobJson, jobSchema } from '../schemas.ts';
import { getBulkJob } from '../../../core/outbox/get-bulk-job.ts';

export const jobsGet = defineRoute({
  method: 'get',
  path: '/jobs/{id}',
  operationId: 'getJob',
  tag: 'invitations',
  summary: 'Progress of a bulk job',
  params: z.object({ id: z.string().min(1).max(64) }),
  responses: { 200: { description: 'The job', schema: z.object({ job: jobSchema }) } },
  errors: [401, 404, 429],
  async handler({ context, caller, params }) {
    const job = await getBulkJob(context.core, { accountId: caller.accountId, jobId: params.id });
    return { status: 200, body: { job: jobJson(job) } };
  },
});
