import * as v from "valibot";
import type { MessageStatus } from "../model.ts";
import { instant } from "./common.ts";

/** Every message status, in the order a message moves through them. */
export const MESSAGE_STATUS_VALUES = [
  "queued",
  "sending",
  "retrying",
  "sent",
  "delivered",
  "failed",
  "skipped",
  "unknown",
] as const satisfies readonly MessageStatus[];

// Fails to compile when MessageStatus gains a value this list does not have.
const everyStatusListed: Exclude<MessageStatus, (typeof MESSAGE_STATUS_VALUES)[number]> extends never
  ? true
  : never = true;
void everyStatusListed;

const PAGE_SIZE_MAX = 200;

function boundedInteger(min: number, max: number) {
  return v.pipe(
    v.string("must be a string"),
    v.regex(/^\d+$/, `must be a whole number from ${min} to ${max}`),
    v.transform(Number),
    v.minValue(min, `must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `must be a whole number from ${min} to ${max}`),
  );
}

const id = v.pipe(v.string("must be a string"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(64));

/** A comma-separated list of message statuses, such as `sent,failed`. */
const statusList = v.pipe(
  v.string("must be a string"),
  v.transform((value) => value.split(",").map((item) => item.trim()).filter((item) => item !== "")),
  v.minLength(1, `must name at least one status: ${MESSAGE_STATUS_VALUES.join(", ")}`),
  v.array(v.picklist(MESSAGE_STATUS_VALUES, `must be one of ${MESSAGE_STATUS_VALUES.join(", ")}`)),
);

const page = {
  limit: v.optional(boundedInteger(1, PAGE_SIZE_MAX), "50"),
  cursor: v.optional(v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty"))),
  since: v.optional(instant),
  until: v.optional(instant),
};

const channel = v.picklist(["email", "sms", "push"], "must be email, sms or push");

/** Builds a strict object of query parameters whose unknown-key message lists the known ones. */
function queryParameters<TEntries extends v.ObjectEntries>(entries: TEntries) {
  const known = Object.keys(entries).join(", ");
  return v.strictObject(entries, `is not a parameter of this list; use ${known}`);
}

/** Query parameters of `GET /v1/messages`. */
export const messageQuerySchema = queryParameters({
  status: v.optional(statusList),
  campaignId: v.optional(id),
  executionId: v.optional(id),
  channel: v.optional(channel),
  userId: v.optional(id),
  ...page,
});

/** Query parameters of `GET /v1/executions`. */
export const executionQuerySchema = queryParameters({
  campaignId: v.optional(id),
  ...page,
});

/** Query parameters of `GET /v1/stats/messages-per-hour`. */
export const hourlyStatsQuerySchema = queryParameters({
  hours: v.optional(boundedInteger(1, 168), "24"),
  campaignId: v.optional(id),
  channel: v.optional(channel),
});

export type MessageQuery = v.InferOutput<typeof messageQuerySchema>;
export type ExecutionQuery = v.InferOutput<typeof executionQuerySchema>;
export type HourlyStatsQuery = v.InferOutput<typeof hourlyStatsQuerySchema>;
