import type { Deps } from "./deps.ts";
import { notFound } from "./errors.ts";
import type { MessageRecord } from "./model.ts";

/** A message as the API shows it: status and reason, without the stored payload. */
export function publicMessage(message: MessageRecord) {
  return {
    messageId: message.id,
    executionId: message.executionId,
    campaignId: message.campaignId,
    campaignVersionId: message.campaignVersionId,
    channel: message.channel,
    userId: message.userId,
    namespace: message.namespace,
    profileId: message.profileId,
    status: message.status,
    reason: message.reason,
    attempts: message.attempts,
    providerMessageId: message.providerMessageId,
    segments: message.segments,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
    sentAt: message.sentAt,
  };
}

/** Returns an execution with each recipient's current status. */
export async function getExecution(deps: Deps, sandboxId: string, executionId: string) {
  const execution = await deps.store.getExecution(sandboxId, executionId);
  if (execution === null) {
    throw notFound("execution", executionId);
  }
  const messages = await deps.store.listExecutionMessages(execution.id);
  return {
    executionId: execution.id,
    requestId: execution.response.requestId,
    campaignId: execution.campaignId,
    campaignVersionId: execution.campaignVersionId,
    createdAt: execution.createdAt,
    recipients: messages.map(publicMessage),
  };
}
