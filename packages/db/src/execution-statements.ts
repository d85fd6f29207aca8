import type { ExecutionRecord, Identity, MessageRecord, NewProfile } from "@herald/core";
import { type SqlText, sqlText } from "./raw-statement.ts";

// The write batch of a trigger call as SQL text, for the reason given in trigger-statements.ts.

/**
 * Inserts the execution with the sandbox of its own claim on `key`. When another execution has
 * taken the key, the sandbox is NULL, so the NOT NULL constraint fails and the batch rolls back.
 */
export function insertExecution(execution: ExecutionRecord, key: string): SqlText {
  const claimedSandbox = sqlText`(SELECT sandbox_id FROM idempotency_keys
    WHERE sandbox_id = ${execution.sandboxId} AND key = ${key} AND execution_id = ${execution.id})`;
  return sqlText`INSERT INTO executions (id, sandbox_id, campaign_id, campaign_version_id, request_id, request_hash, response, created_at)
    VALUES (${execution.id}, ${claimedSandbox}, ${execution.campaignId}, ${execution.campaignVersionId}, ${execution.requestId},
      ${execution.requestHash}, ${JSON.stringify(execution.response)}, ${execution.createdAt})`;
}

/**
 * Inserts the profile only while no profile owns its identity, so concurrent calls for one new
 * person leave exactly one profile: the identity's primary key decides which.
 */
export function insertNewProfile(profile: NewProfile): SqlText[] {
  const { namespace, value } = profile.identity;
  return [
    sqlText`INSERT INTO profiles (id, sandbox_id, attributes, created_by, created_at, updated_at)
      SELECT ${profile.id}, sandboxes.id, '{}', 'interactive-messaging', ${profile.createdAt}, ${profile.createdAt}
      FROM sandboxes
      WHERE sandboxes.id = ${profile.sandboxId} AND NOT EXISTS (SELECT 1 FROM identities
        WHERE sandbox_id = ${profile.sandboxId} AND namespace = ${namespace} AND value = ${value})`,
    sqlText`INSERT INTO identities (sandbox_id, namespace, value, profile_id)
      VALUES (${profile.sandboxId}, ${namespace}, ${value}, ${profile.id})
      ON CONFLICT DO NOTHING`,
  ];
}

/** Inserts a message. Without a `profileId`, it takes the profile that owns `identity`, if any. */
export function insertMessage(record: MessageRecord, identity: Identity | null): SqlText {
  const owner =
    (record.profileId ?? null) !== null || identity === null
      ? sqlText`${record.profileId ?? null}`
      : sqlText`(SELECT profile_id FROM identities
          WHERE sandbox_id = ${record.sandboxId} AND namespace = ${identity.namespace} AND value = ${identity.value})`;
  return sqlText`INSERT INTO messages (id, sandbox_id, execution_id, campaign_id, campaign_version_id, channel,
      recipient_index, user_id, namespace, profile_id, address, profile_overrides, context, status, reason, attempts,
      provider_message_id, segments, created_at, updated_at, sent_at, queued_at)
    VALUES (${record.id}, ${record.sandboxId}, ${record.executionId}, ${record.campaignId}, ${record.campaignVersionId},
      ${record.channel}, ${record.recipientIndex}, ${record.userId}, ${record.namespace ?? null}, ${owner},
      ${JSON.stringify(record.address)}, ${jsonOrNull(record.profileOverrides)}, ${jsonOrNull(record.context)},
      ${record.status}, ${record.reason ?? null}, ${record.attempts ?? 0}, ${record.providerMessageId ?? null},
      ${record.segments ?? null}, ${record.createdAt}, ${record.updatedAt}, ${record.sentAt ?? null},
      ${record.queuedAt ?? null})`;
}

/**
 * Adds the queue job of a new message, due at once, to the Node server's queue table. A
 * message that already has a job keeps it.
 */
export function insertJob(record: MessageRecord): SqlText {
  return sqlText`INSERT INTO queue_jobs (message_id, channel, deliveries, visible_at, created_at)
    VALUES (${record.id}, ${record.channel}, 0, ${Date.parse(record.createdAt)}, ${record.createdAt})
    ON CONFLICT DO NOTHING`;
}

// A missing optional field is stored as NULL, as the query builder did.
function jsonOrNull(value: Record<string, unknown> | null | undefined): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
