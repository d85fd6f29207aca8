import type { OutboxEntry, StatusUpdate } from "@herald/core";
import { type SQL, sql } from "drizzle-orm";

// The writes of a delivery batch as SQL text, one statement per table. Building one statement
// per message with drizzle's query builders took longer than running them (see
// trigger-statements.ts), and a batch of 100 built 200 of them. Each statement here reads its
// rows from one JSON parameter with `json_each`, so it binds one value at any batch size.

/** Reasons come from providers and can be long, so only their start is stored. */
export const MAX_REASON_LENGTH = 1_000;

/** The StatusUpdate fields stored in a column of the same meaning, with their column names. */
const OPTIONAL_COLUMNS = [
  ["reason", "reason"],
  ["providerMessageId", "provider_message_id"],
  ["segments", "segments"],
  ["sentAt", "sent_at"],
] as const;

/** Returns the update with its reason cut to `MAX_REASON_LENGTH`. */
export function truncateReason(update: StatusUpdate): StatusUpdate {
  if (typeof update.reason === "string" && update.reason.length > MAX_REASON_LENGTH) {
    return { ...update, reason: `${update.reason.slice(0, MAX_REASON_LENGTH)}…` };
  }
  return update;
}

/**
 * Updates every listed message in one statement. A field an update leaves out keeps its
 * column's value, and `clearPayload` clears the context and the profile overrides.
 */
export function updateMessages(updates: readonly { messageId: string; update: StatusUpdate }[], now: string): SQL {
  const rows = updates.map(({ messageId, update }) => ({ ...truncateReason(update), id: messageId }));
  // json_type is NULL for a key the object lacks and 'null' for a JSON null, which sets NULL.
  const optional = OPTIONAL_COLUMNS.map(
    ([field, column]) =>
      sql.raw(`${column} = CASE WHEN json_type(u.value, '$.${field}') IS NULL THEN messages.${column} ELSE json_extract(u.value, '$.${field}') END`),
  );
  return sql`UPDATE messages SET status = json_extract(u.value, '$.status'), ${sql.join(optional, sql`, `)},
      context = CASE WHEN json_extract(u.value, '$.clearPayload') THEN NULL ELSE messages.context END,
      profile_overrides = CASE WHEN json_extract(u.value, '$.clearPayload') THEN NULL ELSE messages.profile_overrides END,
      updated_at = ${now}
    FROM json_each(${JSON.stringify(rows)}) AS u
    WHERE messages.id = json_extract(u.value, '$.id')`;
}

/** Inserts the outbox entries in one statement. A message that already has an entry keeps it. */
export function insertOutboxEntries(entries: readonly OutboxEntry[]): SQL {
  return sql`INSERT INTO outbox (message_id, channel, rendered, created_at)
    SELECT json_extract(value, '$.messageId'), json_extract(value, '$.channel'), json_extract(value, '$.rendered'),
      json_extract(value, '$.createdAt')
    FROM json_each(${JSON.stringify(entries)}) WHERE true
    ON CONFLICT (message_id) DO NOTHING`;
}
