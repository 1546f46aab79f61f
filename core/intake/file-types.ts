/**
 * Which files customers may send as evidence, decided from the bytes, not the name: a file is
 * accepted only when its first bytes are those of an allowed format and its extension belongs to an
 * allowed format too. The type it is stored and served with is the sniffed one.
 */

/** Limits on evidence per complaint (the form, email and tracking-page replies alike). */
export const ATTACHMENT_LIMITS = { maxFiles: 5, maxBytes: 10 * 1024 * 1024 } as const;

/** The formats accepted, by the content type they are served with. */
export const ALLOWED_TYPES = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/heic': ['heic', 'heif'],
  'audio/mpeg': ['mp3'],
  'audio/mp4': ['m4a'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'video/mp4': ['mp4', 'm4v'],
  'text/plain': ['txt'],
} as const;

export type AllowedContentType = keyof typeof ALLOWED_TYPES;

/** Extensions the form's file picker offers (`accept`). */
export const ACCEPT_ATTRIBUTE = Object.values(ALLOWED_TYPES)
  .flat()
  .map((e) => `.${e}`)
  .join(',');

/** How many leading bytes {@link sniffContentType} needs. */
export const SNIFF_BYTES = 32;

const startsWith = (head: Buffer, bytes: number[] | string, offset = 0): boolean => {
  const sig = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= offset + sig.length && head.subarray(offset, offset + sig.length).equals(sig);
};

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const M4A_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ']);
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'dash',
  'M4V ',
  'MSNV',
  'NDAS',
  'f4v ',
  'qt  ',
]);

/**
 * The content type the first bytes belong to, among the allowed binary formats, or null. Plain text
 * has no signature: {@link isPlainText} decides it over the whole file.
 */
export function sniffContentType(head: Buffer): Exclude<AllowedContentType, 'text/plain'> | null {
  if (startsWith(head, '%PDF-')) return 'application/pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return 'image/webp';
  if (startsWith(head, 'OggS')) return 'audio/ogg';
  if (startsWith(head, 'ID3')) return 'audio/mpeg';
  // An MPEG audio frame header: 11 sync bits, then a valid version/layer (layer III).
  if (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe6) === 0xe2) return 'audio/mpeg';
  if (startsWith(head, 'ftyp', 4)) {
    const brand = head.subarray(8, 12).toString('latin1');
    if (HEIF_BRANDS.has(brand)) return 'image/heic';
    if (M4A_BRANDS.has(brand)) return 'audio/mp4';
    if (MP4_BRANDS.has(brand)) return 'video/mp4';
  }
  return null;
}

/** The lower-case extension of a file name, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Whether an extension belongs to any allowed format. */
export function isAllowedExtension(ext: string): boolean {
  return Object.values(ALLOWED_TYPES).some((exts) => (exts as readonly string[]).includes(ext));
}

/**
 * Incremental check that a file is UTF-8 text: valid UTF-8, no NUL and no control characters other
 * than tab, line feed, carriage return and form feed. Feed it chunks, then call `done()`.
 */
export function plainTextChecker(): { push(chunk: Buffer): void; done(): boolean } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let ok = true;
  const check = (text: string): void => {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) ok = false;
  };
  return {
    push(chunk) {
      if (!ok) return;
      try {
        check(decoder.decode(chunk, { stream: true }));
      } catch {
        ok = false;
      }
    },
    done() {
      if (!ok) return false;
      try {
        check(decoder.decode());
      } catch {
        ok = false;
      }
      return ok;
    },
  };
}

/** Whether a whole buffer is plain UTF-8 text (see {@link plainTextChecker}). */
export function isPlainText(content: Buffer): boolean {
  const checker = plainTextChecker();
  checker.push(content);
  return checker.done();
}

/**
 * The type a file is stored and served with, or null when it is refused: the sniffed type of its
 * bytes (or text/plain for a `.txt` that is really text), provided its extension is an allowed one.
 */
export function decideContentType(
  originalName: string,
  head: Buffer,
  isText: boolean,
): AllowedContentType | null {
  const ext = extensionOf(originalName);
  if (!isAllowedExtension(ext)) return null;
  const sniffed = sniffContentType(head);
  if (sniffed) return sniffed;
  return ext === 'txt' && isText ? 'text/plain' : null;
}
