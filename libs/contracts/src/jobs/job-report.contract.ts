import { z } from 'zod';

/** The id of a durable job, chosen by the client that queues it (the CLI makes a UUID); repeating it resumes the job. */
export const JobIdSchema = z.string().min(1).max(200);

/** Where a durable job stands as its status RPC reports it: pending until a delivery of its command begins it. */
export const JobReportStatusSchema = z.enum(['pending', 'running', 'completed', 'failed']);

/**
 * The fields of every durable job's report (libs/platform/jobs toJobReport fills them). A service's report schema
 * spreads them and adds `kind` (an enum of its job kinds) and one optional field per kind's result.
 */
export const jobReportFields = {
  jobId: z.string(),
  status: JobReportStatusSchema,
  /** Units done out of the units in scope; total is 0 until the job knows it. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** Deliveries of the command that worked on it (more than 1 after a crash or a restart). */
  attempts: z.number().int(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Why a failed job failed: a BusError's code and message. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
};
