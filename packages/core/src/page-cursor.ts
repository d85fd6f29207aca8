import { HeraldError } from "./errors.ts";

/** A position in a list sorted newest first: the last item's creation time and id. */
export interface PagePosition {
  createdAt: string;
  id: string;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)));
}

/** Encodes a position as the opaque `nextCursor` a list returns. */
export function encodeCursor(position: PagePosition): string {
  return toBase64Url(JSON.stringify([position.createdAt, position.id]));
}

/** Decodes a `cursor` query parameter, rejecting anything a list did not return. */
export function decodeCursor(cursor: string): PagePosition {
  try {
    const [createdAt, id] = JSON.parse(fromBase64Url(cursor)) as unknown[];
    if (typeof createdAt === "string" && typeof id === "string") {
      return { createdAt, id };
    }
  } catch {
    // Falls through to the validation error below.
  }
  const message = "is not a cursor this list returned; pass nextCursor from the previous page";
  throw new HeraldError("VALIDATION_FAILED", `cursor: ${message}`, {
    details: [{ path: "cursor", message }],
  });
}

/** Splits one extra fetched row off a page and turns it into the next cursor. */
export function pageOf<T extends PagePosition>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(last) : null;
  return { items, nextCursor };
}
