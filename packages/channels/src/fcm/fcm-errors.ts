import type { SendOutcome } from "@herald/core";
import { classifyStatus, parseJsonObject, shortReason } from "../http/http-outcome.ts";

/**
 * Reads FCM v1's error body, a google.rpc.Status: `{ error: { code, message, status, details } }`,
 * where a detail of type `google.firebase.fcm.v1.FcmError` carries the `errorCode`.
 */
export function parseFcmError(text: string): { errorCode?: string; status?: string; message?: string } {
  const error = parseJsonObject(text)?.error as Record<string, unknown> | undefined;
  if (typeof error !== "object" || error === null) {
    return {};
  }
  const details = Array.isArray(error.details) ? (error.details as Record<string, unknown>[]) : [];
  const fcmError = details.find((detail) => String(detail?.["@type"]).endsWith("google.firebase.fcm.v1.FcmError"));
  return {
    errorCode: typeof fcmError?.errorCode === "string" ? fcmError.errorCode : undefined,
    status: typeof error.status === "string" ? error.status : undefined,
    message: typeof error.message === "string" ? error.message : undefined,
  };
}

/**
 * Maps an FCM error by its `errorCode` (Firebase's "ErrorCode" reference for the v1 API):
 * UNREGISTERED means the token is gone, INVALID_ARGUMENT, SENDER_ID_MISMATCH and
 * THIRD_PARTY_AUTH_ERROR are permanent, QUOTA_EXCEEDED, UNAVAILABLE and INTERNAL are retryable.
 */
export function classifyFcmError(status: number, headers: Headers, text: string): SendOutcome {
  const error = parseFcmError(text);
  const code = error.errorCode ?? error.status ?? `HTTP ${status}`;
  const reason = shortReason(`FCM ${status} ${code}${error.message ? `: ${error.message}` : ""}`);
  switch (error.errorCode) {
    case "UNREGISTERED":
      return { kind: "permanent", reason: `device token is gone: ${reason}`, gone: true };
    case "INVALID_ARGUMENT":
    case "SENDER_ID_MISMATCH":
    case "THIRD_PARTY_AUTH_ERROR":
      return { kind: "permanent", reason };
    case "QUOTA_EXCEEDED":
    case "UNAVAILABLE":
    case "INTERNAL":
      return classifyStatus(status >= 500 ? status : 429, reason, headers);
    default:
      return classifyStatus(status, reason, headers);
  }
}
