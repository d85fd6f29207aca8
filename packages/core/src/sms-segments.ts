/** The character encoding a carrier uses for an SMS body. */
export type SmsEncoding = "GSM-7" | "UCS-2";

/** The encoding of an SMS body and the number of segments carriers bill for it. */
export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (extension characters count 2) or UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Unicode code points in the text. */
  characters: number;
}

/**
 * Capacity of one SMS (140 bytes) in each encoding. A part of a longer message gives 6 of those
 * bytes to the concatenation header, which leaves 153 septets or 67 UCS-2 characters.
 */
export const SMS_SEGMENT_SIZES = {
  "GSM-7": { single: 160, perPart: 153 },
  "UCS-2": { single: 70, perPart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; perPart: number }>;

/**
 * The GSM 03.38 default alphabet in code order, without 0x1B, because that position is the
 * escape to the extension table rather than a character.
 */
const GSM_BASIC_CHARACTERS = new Set(
  "@£$¥èéùìòÇ\nØø\rÅå" +
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039eÆæßÉ" +
    " !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
    "¿abcdefghijklmnopqrstuvwxyzäöñüà",
);

/** Characters of the GSM 03.38 extension table, each sent as ESC plus one septet. */
const GSM_EXTENSION_CHARACTERS = new Set("\f^{}\\[~]|€");

/**
 * Counts the segments carriers bill for an SMS body.
 *
 * Text made only of GSM 03.38 characters is GSM-7: 160 septets fit one segment, and a longer
 * message is split into parts of 153. Any other character makes the whole text UCS-2, counted in
 * UTF-16 code units: 70 fit one segment, and parts hold 67. Parts are filled the way carriers
 * split, so an extension character's two septets or a surrogate pair never straddle two parts.
 *
 * Empty text returns 0 segments, because there is nothing to send.
 */
export function countSmsSegments(text: string): SmsSegmentCount {
  const characters = [...text];
  const gsmCosts = gsmSeptetCosts(characters);
  const encoding: SmsEncoding = gsmCosts ? "GSM-7" : "UCS-2";
  const costs = gsmCosts ?? characters.map((character) => character.length);
  const units = costs.reduce((total, cost) => total + cost, 0);
  return {
    encoding,
    units,
    segments: countParts(costs, units, SMS_SEGMENT_SIZES[encoding]),
    characters: characters.length,
  };
}

/** Returns the septets each character costs in GSM-7, or undefined when one is not in GSM 03.38. */
function gsmSeptetCosts(characters: readonly string[]): number[] | undefined {
  const costs: number[] = [];
  for (const character of characters) {
    if (GSM_BASIC_CHARACTERS.has(character)) {
      costs.push(1);
    } else if (GSM_EXTENSION_CHARACTERS.has(character)) {
      costs.push(2);
    } else {
      return undefined;
    }
  }
  return costs;
}

function countParts(
  costs: readonly number[],
  units: number,
  sizes: { single: number; perPart: number },
): number {
  if (units === 0) {
    return 0;
  }
  if (units <= sizes.single) {
    return 1;
  }
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > sizes.perPart) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}
