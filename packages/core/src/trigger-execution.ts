import { canonicalJson, mergeObjects, sha256Hex } from "./canonical-json.ts";
import type { Deps } from "./deps.ts";
import { type ErrorDetail, HeraldError } from "./errors.ts";
import { enqueueMessages } from "./enqueue-messages.ts";
import { CLAIM_TIMEOUT_SECONDS, settleClaim } from "./idempotency.ts";
import { newId } from "./ids.ts";
import { IdentityError, normalizeIdentity } from "./identity.ts";
import {
  type ExecutionRecord,
  type Identity,
  type LiveCampaign,
  type MessageRecord,
  type Profile,
  type TriggerResponse,
  identityKey,
} from "./model.ts";
import type { ClaimRequest, ExecutionWrite, NewProfile } from "./ports.ts";
import { renderMessage } from "./render-message.ts";
import { resolveAddress } from "./resolve-address.ts";
import { type TriggerRecipient, type TriggerRequest, triggerRequestSchema } from "./schemas/trigger.ts";
import { jsonByteLength, parseInput } from "./validation.ts";

export interface TriggerOutcome {
  response: TriggerResponse;
  replayed: boolean;
}

interface PreparedRecipient {
  recipient: TriggerRecipient;
  index: number;
  namespace: string;
  identity: Identity | null;
}

/**
 * Accepts one AJO-shaped unitary execution: validates every recipient, resolves or creates
 * their profiles, writes the execution and its messages in one batch, then enqueues them.
 * The call is atomic: when any recipient is invalid nothing is written or queued.
 *
 * The body's `requestId` is claimed as the idempotency key, and an `Idempotency-Key` or
 * `x-request-id` header is recorded beside it, in the same write batch, so of two concurrent calls with one key only one writes.
 * A later call with the key gets the first response back (`replayed`), or a 409 when its body
 * differs. When the queue rejects the messages, the call fails with a 503 and Retry-After, but
 * its messages stay recorded: a retry with the same key or the sweep enqueues them.
 */
export async function triggerExecution(
  deps: Deps,
  sandboxId: string,
  body: unknown,
  idempotencyKey?: string,
): Promise<TriggerOutcome> {
  const request = parseInput(triggerRequestSchema(deps.limits.maxRecipients), body);
  // The body's requestId is always the claimed key, because proxies may rewrite an
  // x-request-id header on each retry. A header key is checked first and then recorded as
  // an alias, so a retry that repeats only the header is recognized too.
  const key = request.requestId;
  const alias = idempotencyKey !== undefined && idempotencyKey !== key ? idempotencyKey : undefined;
  const requestHash = await (deps.sha256Hex ?? sha256Hex)(canonicalJson(request));
  const now = deps.now().toISOString();
  if (alias !== undefined) {
    const aliased = await deps.store.findClaim(sandboxId, alias, now);
    if (aliased !== null) {
      return settleClaim(deps, aliased, requestHash);
    }
  }
  let live: LiveCampaign;
  let prepared: PreparedRecipient[];
  try {
    live = await loadLiveCampaign(deps, sandboxId, request.campaignId);
    prepared = prepareRecipients(deps, request, live);
  } catch (error) {
    // A replay must not depend on the campaign still being live, so a claim wins over this error.
    const claim = error instanceof HeraldError ? await deps.store.findClaim(sandboxId, key, now) : null;
    if (claim === null) {
      throw error;
    }
    return settleClaim(deps, claim, requestHash);
  }

  const identities = prepared.flatMap((item) => (item.identity ? [item.identity] : []));
  const claim = {
    key,
    executionId: newId("exe"),
    requestHash,
    createdAt: now,
    expiresAt: new Date(Date.parse(now) + deps.limits.idempotencyWindowSeconds * 1000).toISOString(),
    staleBefore: new Date(Date.parse(now) - CLAIM_TIMEOUT_SECONDS * 1000).toISOString(),
    ...(alias !== undefined ? { aliases: [alias] } : {}),
  };
  const state = await deps.store.loadTriggerState(sandboxId, claim, identities);
  if (state.claim === null) {
    throw new HeraldError("REQUEST_IN_PROGRESS", `request ${key} is already being processed; retry shortly`, {
      retryAfterSeconds: 1,
    });
  }
  if (state.claim.executionId !== claim.executionId) {
    return settleClaim(deps, state.claim, requestHash);
  }

  let write: ExecutionWrite;
  try {
    write = planExecution(deps, sandboxId, claim, request, live, prepared, state.profiles);
  } catch (error) {
    await deps.store.releaseClaim(sandboxId, key, claim.executionId);
    throw error;
  }
  if (!(await deps.store.writeExecution(write))) {
    // The claim was taken over while this call was stalled past CLAIM_TIMEOUT_SECONDS.
    const current = await deps.store.findClaim(sandboxId, key, now);
    if (current === null) {
      throw new HeraldError("REQUEST_IN_PROGRESS", `request ${key} is already being processed; retry shortly`, {
        retryAfterSeconds: 1,
      });
    }
    return settleClaim(deps, current, requestHash);
  }

  const messageIds = write.messages.map(({ record }) => record.id);
  await enqueueMessages(deps, live.campaign.channel, messageIds, {
    executionId: write.execution.id,
    claim: { sandboxId, key },
  });
  deps.log.info("execution accepted", {
    sandboxId,
    executionId: write.execution.id,
    campaignId: live.campaign.id,
    requestId: key,
    recipients: write.messages.length,
  });
  return { response: write.execution.response, replayed: false };
}

async function loadLiveCampaign(deps: Deps, sandboxId: string, campaignId: string) {
  const live = await deps.store.getLiveCampaign(sandboxId, campaignId);
  if (live === null) {
    const campaign = await deps.store.getCampaign(sandboxId, campaignId);
    if (campaign === null) {
      throw new HeraldError("CAMPAIGN_NOT_FOUND", `campaign ${campaignId} was not found in this sandbox`);
    }
    const hint = campaign.status === "draft" ? "activate it before triggering" : "duplicate it to send again";
    throw new HeraldError("CAMPAIGN_NOT_LIVE", `campaign ${campaignId} is ${campaign.status}; ${hint}`);
  }
  checkWindow(live, deps.now());
  return live;
}

function checkWindow({ campaign, version }: LiveCampaign, now: Date) {
  const instant = now.toISOString();
  if (version.startAt && instant < version.startAt) {
    throw new HeraldError(
      "CAMPAIGN_NOT_STARTED",
      `campaign ${campaign.id} runs from ${version.startAt}${version.endAt ? ` to ${version.endAt}` : ""}; it has not started yet`,
    );
  }
  if (version.endAt && instant >= version.endAt) {
    throw new HeraldError(
      "CAMPAIGN_ENDED",
      `campaign ${campaign.id} ran ${version.startAt ? `from ${version.startAt} ` : ""}until ${version.endAt}; it has ended`,
    );
  }
}

function prepareRecipients(deps: Deps, request: TriggerRequest, live: LiveCampaign): PreparedRecipient[] {
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const region = live.surface.settings.defaultRegion as string | undefined;
  const prepared = request.recipients.map((recipient, index) => {
    const namespace = recipient.namespace ?? live.version.namespace;
    problems.push(...contextProblems(deps, recipient, index));
    let identity: Identity | null = null;
    let dedupeKey = `${recipient.type}\u0000${namespace}\u0000${recipient.userId}`;
    try {
      const value = normalizeIdentity(namespace, recipient.userId, region ? { defaultRegion: region } : {});
      dedupeKey = `${namespace}\u0000${value}`;
      if (recipient.type === "aep") {
        identity = { namespace, value };
      }
    } catch (error) {
      if (recipient.type === "aep") {
        const code = error instanceof IdentityError ? error.code : "INVALID_IDENTITY";
        problems.push(recipientProblem(index, "userId", (error as Error).message, code));
      }
    }
    const first = seen.get(dedupeKey);
    if (first !== undefined) {
      problems.push(
        recipientProblem(index, "userId", `duplicates recipients[${first}].userId; send each recipient once`, "DUPLICATE_RECIPIENT"),
      );
    }
    seen.set(dedupeKey, index);
    return { recipient, index, namespace, identity };
  });
  throwIfProblems(problems);
  return prepared;
}

function contextProblems(deps: Deps, recipient: TriggerRecipient, index: number): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  // Profile attributes sent with the call are stored with the message like context, so the
  // same size limit applies to them.
  if (recipient.profile !== undefined) {
    const bytes = jsonByteLength(recipient.profile);
    if (bytes > deps.limits.maxContextBytes) {
      problems.push(
        recipientProblem(
          index,
          "profile",
          `is ${bytes} bytes, over the limit of ${deps.limits.maxContextBytes} bytes; send fewer profile attributes`,
          "PROFILE_TOO_LARGE",
        ),
      );
    }
  }
  const context = recipient.context;
  if (context === undefined) {
    return problems;
  }
  if (Object.hasOwn(context, "system")) {
    problems.push(recipientProblem(index, "context.system", "is reserved; rename this key", "RESERVED_CONTEXT"));
  }
  const bytes = jsonByteLength(context);
  if (bytes > deps.limits.maxContextBytes) {
    problems.push(
      recipientProblem(
        index,
        "context",
        `is ${bytes} bytes, over the limit of ${deps.limits.maxContextBytes} bytes; send less contextual data`,
        "CONTEXT_TOO_LARGE",
      ),
    );
  }
  return problems;
}

function recipientProblem(index: number, field: string, message: string, code: string): ErrorDetail {
  return { path: `recipients[${index}].${field}`, message, code, index };
}

function throwIfProblems(problems: ErrorDetail[]) {
  if (problems.length === 0) {
    return;
  }
  const indexes = [...new Set(problems.map((problem) => problem.index))];
  const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
  throw new HeraldError(
    "RECIPIENTS_REJECTED",
    `${indexes.length} recipient(s) rejected, nothing was sent: ${summary}`,
    { details: problems },
  );
}

function planExecution(
  deps: Deps,
  sandboxId: string,
  claim: ClaimRequest,
  request: TriggerRequest,
  live: LiveCampaign,
  prepared: PreparedRecipient[],
  profiles: Map<string, Profile>,
): ExecutionWrite {
  const now = claim.createdAt;
  const { executionId, requestHash, key: requestId } = claim;
  const problems: ErrorDetail[] = [];
  const newProfiles: NewProfile[] = [];
  const messages: ExecutionWrite["messages"] = [];

  for (const item of prepared) {
    const { recipient, index, identity } = item;
    const profile = identity ? (profiles.get(identityKey(identity)) ?? null) : null;
    if (identity && profile === null) {
      if (!live.version.createProfiles) {
        problems.push(
          recipientProblem(
            index,
            "userId",
            `no profile ${identity.value} in namespace ${identity.namespace}; create it first or enable createProfiles on the campaign`,
            "PROFILE_NOT_FOUND",
          ),
        );
        continue;
      }
      newProfiles.push({ id: newId("prf"), sandboxId, identity, createdAt: now });
    }

    const address = resolveAddress(live.campaign.channel, recipient, item.namespace, profile, live.surface);
    if (!address.ok) {
      problems.push(recipientProblem(index, address.path, address.message, address.code));
      continue;
    }
    const view = {
      profile: mergeObjects(profile?.attributes ?? {}, recipient.profile ?? {}),
      context: recipient.context ?? {},
    };
    const rendered = renderMessage({
      content: live.version.content,
      defaults: live.version.defaults,
      surface: live.surface,
      address: address.address,
      view,
    });
    if (!rendered.ok) {
      if (rendered.code === "MISSING_VARIABLES") {
        for (const path of rendered.missing) {
          problems.push(recipientProblem(index, path, `is used by the content but missing; send it or declare a default`, rendered.code));
        }
      } else {
        problems.push({ path: `recipients[${index}]`, message: rendered.message, code: rendered.code, index });
      }
      continue;
    }

    const record: MessageRecord = {
      id: newId("msg"),
      sandboxId,
      executionId,
      campaignId: live.campaign.id,
      campaignVersionId: live.version.id,
      channel: live.campaign.channel,
      recipientIndex: index,
      userId: recipient.userId,
      namespace: recipient.type === "aep" ? item.namespace : null,
      profileId: profile?.id ?? null,
      address: address.address,
      profileOverrides: recipient.profile ?? null,
      context: recipient.context ?? null,
      status: "queued",
      reason: null,
      attempts: 0,
      providerMessageId: null,
      segments: rendered.rendered.channel === "sms" ? rendered.rendered.segments : null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
      queuedAt: now,
    };
    messages.push({ record, identity });
  }
  throwIfProblems(problems);

  const response: TriggerResponse = {
    executionId,
    requestId: request.requestId,
    createdAt: now,
    recipients: messages.map(({ record }) => ({
      userId: record.userId,
      messageId: record.id,
      status: record.status,
    })),
  };
  const execution: ExecutionRecord = {
    id: executionId,
    sandboxId,
    campaignId: live.campaign.id,
    campaignVersionId: live.version.id,
    requestId,
    requestHash,
    response,
    createdAt: now,
  };
  return {
    claim: { key: requestId, createdAt: now, expiresAt: claim.expiresAt, ...(claim.aliases ? { aliases: claim.aliases } : {}) },
    execution,
    newProfiles,
    messages,
  };
}
