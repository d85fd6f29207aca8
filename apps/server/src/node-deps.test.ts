import { sha256Hex } from "@herald/core";
import { describe, expect, it } from "vitest";
import { nodeSha256Hex } from "./node-deps.ts";

describe("nodeSha256Hex", () => {
  it("hashes the FIPS 180-2 example", () => {
    expect(nodeSha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it.each(["", '{"requestId":"r-1"}', "Partir Aux Amériques 😘", "lone \ud800 surrogate"])(
    "matches the WebCrypto digest of %j",
    async (text) => {
      expect(nodeSha256Hex(text)).toBe(await sha256Hex(text));
    },
  );
});
