import { describe, expect, it } from "vitest";
import {
  IdentityError,
  MAX_IDENTITY_LENGTH,
  normalizeEcid,
  normalizeEmail,
  normalizeIdentity,
  normalizePhone,
} from "./identity.ts";

function identityError(action: () => unknown): IdentityError {
  try {
    action();
  } catch (error) {
    if (error instanceof IdentityError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected an IdentityError");
}

/** Builds a domain of 63-character labels whose last label takes up the remaining length. */
function domainOfLength(length: number): string {
  const labels: string[] = [];
  let remaining = length;
  while (remaining > 64) {
    labels.push("b".repeat(63));
    remaining -= 64;
  }
  labels.push("c".repeat(remaining));
  return labels.join(".");
}

describe("normalizeEmail", () => {
  it("lowercases the domain", () => {
    expect(normalizeEmail("User@Example.COM")).toBe("User@example.com");
  });

  it("trims surrounding spaces", () => {
    expect(normalizeEmail(" User@Example.com ")).toBe("User@example.com");
  });

  it("trims surrounding tabs and newlines", () => {
    expect(normalizeEmail("\tuser@example.com\r\n")).toBe("user@example.com");
  });

  it("keeps local part case", () => {
    expect(normalizeEmail("Jane.Doe+Tag@example.com")).toBe("Jane.Doe+Tag@example.com");
  });

  it("converts international domain to punycode", () => {
    expect(normalizeEmail("anna@Bücher.example")).toBe("anna@xn--bcher-kva.example");
  });

  it("converts non-Latin domain to punycode", () => {
    expect(normalizeEmail("info@例え.テスト")).toBe("info@xn--r8jz45g.xn--zckzah");
  });

  it("keeps punycode domain", () => {
    expect(normalizeEmail("anna@xn--bcher-kva.example")).toBe("anna@xn--bcher-kva.example");
  });

  it("accepts subdomains and hyphens", () => {
    expect(normalizeEmail("a@mail.my-shop.co.uk")).toBe("a@mail.my-shop.co.uk");
  });

  it("accepts dot-atom special characters", () => {
    expect(normalizeEmail("o'neil!#$%&*+/=?^_`{|}~-@example.com")).toBe(
      "o'neil!#$%&*+/=?^_`{|}~-@example.com",
    );
  });

  const invalid: [string, string][] = [
    ["CRLF header injection", "user@example.com\r\nX-Injected: yes"],
    ["line feed inside", "user@exa\nmple.com"],
    ["carriage return inside", "user\r@example.com"],
    ["NUL character", "user\u0000@example.com"],
    ["DEL character", "user@example.com\u007f"],
    ["space inside", "us er@example.com"],
    ["space before domain", "user@ example.com"],
    ["no at sign", "user.example.com"],
    ["two at signs", "user@host@example.com"],
    ["empty local part", "@example.com"],
    ["empty domain", "user@"],
    ["empty string", ""],
    ["only spaces", "   "],
    ["domain without dot", "user@localhost"],
    ["leading dot in local part", ".user@example.com"],
    ["trailing dot in local part", "user.@example.com"],
    ["double dot in local part", "us..er@example.com"],
    ["quoted local part", '"john doe"@example.com'],
    ["non-ASCII local part", "jörg@example.com"],
    ["comma in local part", "a,b@example.com"],
    ["angle brackets", "<user@example.com>"],
    ["display name", "Jane <jane@example.com>"],
    ["leading dot in domain", "user@.example.com"],
    ["trailing dot in domain", "user@example.com."],
    ["double dot in domain", "user@example..com"],
    ["leading hyphen label", "user@-example.com"],
    ["trailing hyphen label", "user@example-.com"],
    ["underscore in domain", "user@my_host.example.com"],
    ["port in domain", "user@example.com:25"],
    ["path in domain", "user@example.com/x"],
    ["IPv4 domain", "user@192.168.0.1"],
    ["IPv4 shorthand domain", "user@0x7f.1"],
    ["domain literal", "user@[127.0.0.1]"],
    ["invalid punycode", "user@xn--zz.example"],
    ["label over 63 characters", `user@${"a".repeat(64)}.com`],
    ["local part over 64 characters", `${"a".repeat(65)}@example.com`],
    ["address over 254 characters", `${"a".repeat(64)}@${domainOfLength(190)}`],
  ];

  it("accepts address of 254 characters", () => {
    const address = `${"a".repeat(64)}@${domainOfLength(189)}`;
    expect(normalizeEmail(address)).toHaveLength(254);
  });

  for (const [name, value] of invalid) {
    it(`rejects ${name}`, () => {
      expect(identityError(() => normalizeEmail(value)).code).toBe("INVALID_EMAIL");
    });
  }

  it("names the value in the message", () => {
    const error = identityError(() => normalizeEmail("user@example.com\r\nX-Injected: yes"));
    expect(error.message).toContain('"user@example.com\\r\\nX-Injected: yes"');
  });

  it("says what is wrong", () => {
    const error = identityError(() => normalizeEmail("user@example.com\r\nX-Injected: yes"));
    expect(error.message).toContain("line break");
  });

  it("shortens long values in the message", () => {
    const value = `${"a".repeat(300)}@example.com`;
    const error = identityError(() => normalizeEmail(value));
    expect(error.message).toContain(`"${"a".repeat(100)}"…`);
    expect(error.message).not.toContain("a".repeat(101));
  });

  it("keeps the raw value", () => {
    expect(identityError(() => normalizeEmail("nope")).value).toBe("nope");
  });

  it("is an Error", () => {
    expect(identityError(() => normalizeEmail("nope"))).toBeInstanceOf(Error);
  });
});

describe("normalizeIdentity email", () => {
  for (const value of ["User@Example.com", "user@example.com", " User@Example.com "]) {
    it(`stores ${JSON.stringify(value)} lowercased`, () => {
      expect(normalizeIdentity("email", value)).toBe("user@example.com");
    });
  }

  it("matches namespace case-insensitively", () => {
    expect(normalizeIdentity("Email", "User@Example.com")).toBe("user@example.com");
  });

  it("lowercases international domain identity", () => {
    expect(normalizeIdentity("email", "Anna@BÜCHER.example")).toBe("anna@xn--bcher-kva.example");
  });

  it("rejects invalid email identity", () => {
    expect(identityError(() => normalizeIdentity("email", "nope")).code).toBe("INVALID_EMAIL");
  });
});

describe("normalizePhone", () => {
  it("rejects national prefix read as US", () => {
    expect(identityError(() => normalizePhone("05555550100", "US")).code).toBe("INVALID_PHONE");
  });

  it("normalizes Australian mobile with prefix", () => {
    expect(normalizePhone("+61 (0491) 570 156")).toBe("+61491570156");
  });

  it("reads national number in region", () => {
    expect(normalizePhone("(555) 555-0100", "US")).toBe("+15555550100");
  });

  it("trims trailing space", () => {
    expect(normalizePhone("+1 (555) 555-0100 ")).toBe("+15555550100");
  });

  it("ignores region for international number", () => {
    expect(normalizePhone("+44 20 7946 0958", "US")).toBe("+442079460958");
  });

  it("reads Australian national number", () => {
    expect(normalizePhone("0491 570 156", "AU")).toBe("+61491570156");
  });

  it("reads international dialing prefix", () => {
    expect(normalizePhone("011 61 491 570 156", "US")).toBe("+61491570156");
  });

  it("reads US trunk prefix", () => {
    expect(normalizePhone("1 555 555 0100", "US")).toBe("+15555550100");
  });

  it("accepts dots as separators", () => {
    expect(normalizePhone("555.555.0100", "US")).toBe("+15555550100");
  });

  it("accepts lowercase region", () => {
    expect(normalizePhone("(555) 555-0100", "us")).toBe("+15555550100");
  });

  it("keeps E.164 input", () => {
    expect(normalizePhone("+15555550100")).toBe("+15555550100");
  });

  const invalid: [string, string, string | undefined][] = [
    ["too many US digits", "+1 555 555 01001", undefined],
    ["too few digits", "+1 555 0100", undefined],
    ["extra leading zero", "0 (555) 555-0100", "US"],
    ["country code only", "+1", undefined],
    ["plus only", "+", undefined],
    ["unassigned country code", "+999 1234567", undefined],
    ["far too long", "+1555555010012345", undefined],
    ["vanity letters", "1-800-FLOWERS", "US"],
    ["letters after number", "+15555550100x", undefined],
    ["extension", "+1 555 555 0100 ext. 12", undefined],
    ["tel URI", "tel:+15555550100", undefined],
    ["plus in the middle", "1+5555550100", "US"],
    ["double plus", "++15555550100", undefined],
    ["line break inside", "+1555\n5550100", undefined],
    ["empty string", "", "US"],
    ["only spaces", "   ", "US"],
    ["national number without region", "(555) 555-0100", undefined],
  ];

  for (const [name, value, region] of invalid) {
    it(`rejects ${name}`, () => {
      expect(identityError(() => normalizePhone(value, region)).code).toBe("INVALID_PHONE");
    });
  }

  it("asks for country code without region", () => {
    const error = identityError(() => normalizePhone("(555) 555-0100"));
    expect(error.message).toContain("country code");
  });

  it("rejects unknown region", () => {
    expect(identityError(() => normalizePhone("5555550100", "XX")).code).toBe("INVALID_REGION");
  });

  it("names the value in the message", () => {
    const error = identityError(() => normalizePhone("05555550100", "US"));
    expect(error.message).toContain('"05555550100"');
  });
});

describe("normalizeIdentity phone", () => {
  it("uses default region", () => {
    const value = normalizeIdentity("phone", "(555) 555-0100", { defaultRegion: "US" });
    expect(value).toBe("+15555550100");
  });

  it("rejects impossible phone identity", () => {
    const action = () => normalizeIdentity("phone", "05555550100", { defaultRegion: "US" });
    expect(identityError(action).code).toBe("INVALID_PHONE");
  });
});

describe("normalizeIdentity other namespaces", () => {
  it("trims custom ids", () => {
    expect(normalizeIdentity("crmId", "  12345678901234567890 ")).toBe("12345678901234567890");
  });

  it("keeps case of custom ids", () => {
    expect(normalizeIdentity("crmId", "AbC-42")).toBe("AbC-42");
  });

  it("accepts maximum length", () => {
    const value = "x".repeat(MAX_IDENTITY_LENGTH);
    expect(normalizeIdentity("crmId", value)).toBe(value);
  });

  it("counts length in code points", () => {
    const value = "😘".repeat(MAX_IDENTITY_LENGTH);
    expect(normalizeIdentity("crmId", value)).toBe(value);
  });

  it("rejects over maximum length", () => {
    const action = () => normalizeIdentity("crmId", "x".repeat(MAX_IDENTITY_LENGTH + 1));
    expect(identityError(action).code).toBe("INVALID_IDENTITY");
  });

  it("rejects empty id", () => {
    expect(identityError(() => normalizeIdentity("crmId", "")).code).toBe("INVALID_IDENTITY");
  });

  it("rejects blank id", () => {
    expect(identityError(() => normalizeIdentity("crmId", " \t ")).code).toBe("INVALID_IDENTITY");
  });

  it("rejects control characters", () => {
    expect(identityError(() => normalizeIdentity("crmId", "a\u0007b")).code).toBe(
      "INVALID_IDENTITY",
    );
  });

  it("rejects line breaks inside", () => {
    expect(identityError(() => normalizeIdentity("crmId", "a\r\nb")).code).toBe("INVALID_IDENTITY");
  });

  it("names the namespace in the message", () => {
    expect(identityError(() => normalizeIdentity("crmId", "")).message).toContain('"crmId"');
  });
});

describe("normalizeEcid", () => {
  const ecid = "69182582886243657171234567890123456789";

  it("accepts 38 digits", () => {
    expect(normalizeEcid(ecid)).toBe(ecid);
  });

  it("trims surrounding spaces", () => {
    expect(normalizeIdentity("ecid", ` ${ecid} `)).toBe(ecid);
  });

  it("matches namespace case-insensitively", () => {
    expect(identityError(() => normalizeIdentity("ECID", "ecid-123")).code).toBe("INVALID_IDENTITY");
  });

  it("accepts halves at the int64 maximum", () => {
    const max = "9223372036854775807";
    expect(normalizeEcid(max + max)).toBe(max + max);
  });

  it("rejects a half over the int64 maximum", () => {
    const message = identityError(() => normalizeEcid("69182582886243657179323444764784315110")).message;
    expect(message).toContain("9323444764784315110 is larger");
  });

  it("rejects 37 digits", () => {
    expect(identityError(() => normalizeEcid("1".repeat(37))).message).toContain("exactly 38 digits, not 37");
  });

  it("rejects 39 digits", () => {
    expect(identityError(() => normalizeEcid("1".repeat(39))).code).toBe("INVALID_IDENTITY");
  });

  it("rejects letters", () => {
    expect(identityError(() => normalizeEcid(`${"1".repeat(37)}a`)).code).toBe("INVALID_IDENTITY");
  });

  it("rejects non-ASCII digits", () => {
    expect(identityError(() => normalizeEcid(`${"1".repeat(37)}١`)).code).toBe("INVALID_IDENTITY");
  });

  it("rejects inner spaces", () => {
    expect(identityError(() => normalizeEcid(`${"1".repeat(19)} ${"1".repeat(19)}`)).code).toBe("INVALID_IDENTITY");
  });
});
