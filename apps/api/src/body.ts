import { HeraldError } from "@herald/core";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { checkJsonShape } from "./json-shape.ts";

function tooLarge(limit: number) {
  return new HeraldError("PAYLOAD_TOO_LARGE", `request body exceeds the limit of ${limit} bytes; send a smaller body`);
}

/** Reads the body as bytes, stopping as soon as it passes `limit`, whatever Content-Length declared. */
async function readBytes(c: Context<AppEnv>, limit: number): Promise<Uint8Array> {
  const stream = c.req.raw.body;
  if (stream === null) {
    return new Uint8Array();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a JSON body. Rejects a body over the limit (413), one that is not UTF-8 or not JSON
 * (400), and one that `checkJsonShape` rejects: nested too deep or holding lone surrogates.
 */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const limit = c.var.maxBodyBytes;
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > limit) {
    throw tooLarge(limit);
  }
  const raw = await readBytes(c, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    throw new HeraldError("MALFORMED_JSON", "request body is not valid UTF-8; send JSON encoded as UTF-8");
  }
  if (text.trim() === "") {
    throw new HeraldError("MALFORMED_JSON", "request body is empty; send a JSON object");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HeraldError("MALFORMED_JSON", `request body is not valid JSON: ${(error as Error).message}`);
  }
  checkJsonShape(body);
  return body;
}
