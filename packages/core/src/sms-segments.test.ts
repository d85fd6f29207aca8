import { describe, expect, it } from "vitest";
import { countSmsSegments } from "./sms-segments.ts";

const GSM_ALPHABET =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
  " !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmnopqrstuvwxyzäöñüà";

const GSM_EXTENSION = ["\f", "^", "{", "}", "\\", "[", "~", "]", "|", "€"];

describe("countSmsSegments emoji with extension characters", () => {
  const text = "this is a " + "]".repeat(74) + "😘";

  it("switches to UCS-2", () => {
    expect(countSmsSegments(text).encoding).toBe("UCS-2");
  });

  it("counts UTF-16 units", () => {
    expect(countSmsSegments(text).units).toBe(86);
  });

  it("needs two segments", () => {
    expect(countSmsSegments(text).segments).toBe(2);
  });

  it("counts code points", () => {
    expect(countSmsSegments(text).characters).toBe(85);
  });
});

describe("countSmsSegments UCS-2 boundaries", () => {
  const cases: [number, number][] = [
    [1, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
  ];

  for (const [units, segments] of cases) {
    it(`fits ${units} units in ${segments}`, () => {
      expect(countSmsSegments("ж".repeat(units)).segments).toBe(segments);
    });
  }

  it("counts Cyrillic as UCS-2", () => {
    expect(countSmsSegments("Привет").encoding).toBe("UCS-2");
  });

  it("counts emoji as two units", () => {
    expect(countSmsSegments("😘").units).toBe(2);
  });

  it("counts flag as four units", () => {
    expect(countSmsSegments("🇫🇷").units).toBe(4);
  });

  it("fits 35 emoji in one segment", () => {
    expect(countSmsSegments("😘".repeat(35)).segments).toBe(1);
  });

  it("keeps surrogate pair in one part", () => {
    const text = "ж".repeat(66) + "😘" + "ж".repeat(66);
    expect(countSmsSegments(text).units).toBe(134);
    expect(countSmsSegments(text).segments).toBe(3);
  });

  it("fills part when pair fits", () => {
    const text = "ж".repeat(65) + "😘" + "ж".repeat(67);
    expect(countSmsSegments(text).segments).toBe(2);
  });

  it("counts extension characters once in UCS-2", () => {
    expect(countSmsSegments("€ж").units).toBe(2);
  });
});

describe("countSmsSegments GSM-7 boundaries", () => {
  const cases: [number, number][] = [
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ];

  for (const [septets, segments] of cases) {
    it(`fits ${septets} septets in ${segments}`, () => {
      expect(countSmsSegments("a".repeat(septets)).segments).toBe(segments);
    });
  }

  it("reports GSM-7 for plain text", () => {
    expect(countSmsSegments("Your code is 1234").encoding).toBe("GSM-7");
  });

  it("accepts the whole basic alphabet", () => {
    const count = countSmsSegments(GSM_ALPHABET);
    expect(count.encoding).toBe("GSM-7");
    expect(count.units).toBe(127);
  });

  for (const character of GSM_EXTENSION) {
    it(`counts ${JSON.stringify(character)} as two septets`, () => {
      const count = countSmsSegments(character);
      expect(count.encoding).toBe("GSM-7");
      expect(count.units).toBe(2);
    });
  }

  it("fits 80 extension characters in one", () => {
    expect(countSmsSegments("€".repeat(80)).segments).toBe(1);
  });

  it("splits 80 extension characters plus one", () => {
    expect(countSmsSegments("€".repeat(80) + "a").segments).toBe(2);
  });

  it("splits 159 septets plus extension", () => {
    expect(countSmsSegments("a".repeat(159) + "[").segments).toBe(2);
  });

  it("keeps escape sequence in one part", () => {
    const text = "a".repeat(152) + "€" + "a".repeat(152);
    expect(countSmsSegments(text).units).toBe(306);
    expect(countSmsSegments(text).segments).toBe(3);
  });

  it("fills part when escape fits", () => {
    const text = "a".repeat(151) + "€" + "a".repeat(153);
    expect(countSmsSegments(text).segments).toBe(2);
  });
});

describe("countSmsSegments encoding choice", () => {
  const ucs2Characters = ["ç", "`", "’", "“", "á", "ő", "\t", "\u00a0", "\u001b"];

  for (const character of ucs2Characters) {
    it(`switches to UCS-2 for ${JSON.stringify(character)}`, () => {
      expect(countSmsSegments(`Hi ${character}`).encoding).toBe("UCS-2");
    });
  }

  it("reports empty text as zero segments", () => {
    const count = countSmsSegments("");
    expect(count.segments).toBe(0);
    expect(count.units).toBe(0);
    expect(count.encoding).toBe("GSM-7");
  });
});
