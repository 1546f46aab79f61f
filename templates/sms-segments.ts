/**
 * SMS length and segment counting (3GPP TS 23.038 / 23.040).
 *
 * A text made only of GSM 03.38 characters travels as GSM-7: 160 septets in one message, or 153 per
 * segment once concatenated (the user data header takes 7). Characters of the extension table cost
 * two septets (escape + character), and a pair is never split across segments. Any other character
 * switches the whole message to UCS-2: 70 UTF-16 code units in one message, 67 per segment, and a
 * surrogate pair (an emoji) is never split either.
 */

// GSM 03.38 basic table, in code order, without the escape (0x1B) position: 127 characters.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// GSM 03.38 extension table, reached through the escape: each costs 2 septets.
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

/** The characters of the GSM-7 basic table and of its extension table (exported for tests). */
export const GSM_7 = { basic: GSM_BASIC, extension: GSM_EXTENSION } as const;

/** How an SMS text will be sent and what it costs. */
export interface SmsSegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** GSM-7: septets (extension characters count 2); UCS-2: UTF-16 code units. */
  length: number;
  /** Number of messages the operator bills; 0 for an empty text. */
  segments: number;
}

// Length, and greedy packing of indivisible units (1 or 2 each) into segments of `perSegment`.
function measure(units: number[], single: number, perSegment: number): { length: number; segments: number } {
  const length = units.reduce((total, unit) => total + unit, 0);
  if (length <= single) return { length, segments: length === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const unit of units) {
    if (used + unit > perSegment) {
      segments += 1;
      used = 0;
    }
    used += unit;
  }
  return { length, segments };
}

/** Counts the encoding, length and number of segments of an SMS text. */
export function countSmsSegments(text: string): SmsSegmentCount {
  const chars = [...text]; // by code point, so a surrogate pair stays one unit
  if (chars.every((c) => BASIC.has(c) || EXTENSION.has(c))) {
    return {
      encoding: 'GSM-7',
      ...measure(
        chars.map((c) => (EXTENSION.has(c) ? 2 : 1)),
        160,
        153,
      ),
    };
  }
  return {
    encoding: 'UCS-2',
    ...measure(
      chars.map((c) => c.length),
      70,
      67,
    ),
  };
}
