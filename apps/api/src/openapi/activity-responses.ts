import { MESSAGE_STATUS_VALUES } from "@herald/core";
import * as v from "valibot";
import { messageSchema } from "./responses.ts";

// Response bodies of the message and execution lists and the hourly counts.

const instant = v.pipe(v.string(), v.metadata({ format: "date-time" }));
const count = v.pipe(v.number(), v.integer());

const nextCursor = v.pipe(
  v.nullable(v.string()),
  v.description("Pass as cursor to fetch the next page; null on the last page."),
);

export const messageListSchema = v.object({ items: v.array(messageSchema), nextCursor });

export const executionSummarySchema = v.object({
  executionId: v.string(),
  requestId: v.string(),
  campaignId: v.string(),
  campaignVersionId: v.string(),
  createdAt: instant,
  recipients: count,
  statuses: v.pipe(
    v.record(v.string(), count),
    v.description("Recipients per current status, such as { sent: 2 }. Statuses with none are left out."),
  ),
});

export const executionListSchema = v.object({ items: v.array(executionSummarySchema), nextCursor });

export const hourlyStatsSchema = v.object({
  from: instant,
  to: v.pipe(instant, v.description("The end of the current hour, exclusive.")),
  statuses: v.array(v.picklist(MESSAGE_STATUS_VALUES)),
  buckets: v.array(
    v.object({
      start: v.pipe(instant, v.description("The start of the UTC hour.")),
      total: count,
      counts: v.object(Object.fromEntries(MESSAGE_STATUS_VALUES.map((status) => [status, count]))),
    }),
  ),
});
