/** Largest BPMN file accepted, in bytes (the default complaint process is about 60 KB). */
export const MAX_XML_BYTES = 2 * 1024 * 1024;

/** Deepest element nesting accepted; real models stay under 20. */
export const MAX_XML_DEPTH = 200;

/**
 * Why `xml` must not reach the XML parser, or undefined when it may. One linear scan, before any
 * parsing: a DOCTYPE enables entity expansion ("billion laughs"), and deep nesting or a huge file
 * costs the parser time and memory that one upload should not be able to claim.
 */
export function findXmlHazard(xml: string): string | undefined {
  if (typeof xml !== 'string') return 'the model is not text';
  // Each character is at least one byte, so the cheap length test settles most cases.
  if (xml.length > MAX_XML_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES) {
    return `the file is larger than ${MAX_XML_BYTES / 1024 / 1024} MB`;
  }
  // XML forbids NUL even as a character reference; PostgreSQL cannot store it in the compiled model.
  if (xml.includes('\u0000') || /&#(?:0+|x0+);/i.test(xml))
    return 'the file contains a NUL character (U+0000), which XML does not allow';
  const start = xml.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) return 'the file is not XML';
  return scanMarkup(xml);
}

const UNTERMINATED = 'the file is not well-formed XML (markup is not closed)';

function scanMarkup(xml: string): string | undefined {
  let depth = 0;
  let elements = 0;
  let position = 0;
  for (;;) {
    const open = xml.indexOf('<', position);
    if (open < 0) break;
    if (xml.startsWith('<!--', open)) {
      position = skipPast(xml, '-->', open + 4);
    } else if (xml.startsWith('<![CDATA[', open)) {
      position = skipPast(xml, ']]>', open + 9);
    } else if (xml.startsWith('<!', open)) {
      return 'DOCTYPE and entity declarations are not allowed (they enable entity-expansion attacks)';
    } else if (xml.startsWith('<?', open)) {
      position = skipPast(xml, '?>', open + 2);
    } else if (xml.startsWith('</', open)) {
      depth -= 1;
      if (depth < 0) return 'the file is not well-formed XML (a closing tag has no opening tag)';
      position = skipPast(xml, '>', open + 2);
    } else {
      const end = endOfTag(xml, open + 1);
      if (end < 0) return UNTERMINATED;
      elements += 1;
      if (xml.charCodeAt(end - 1) !== 0x2f /* '/' */) depth += 1;
      if (depth > MAX_XML_DEPTH) return `elements are nested more than ${MAX_XML_DEPTH} deep`;
      position = end + 1;
    }
    if (position < 0) return UNTERMINATED;
  }
  return elements === 0 ? 'the file is not XML' : undefined;
}

/** Index just past `token`, or -1 when the markup never ends. */
function skipPast(xml: string, token: string, from: number): number {
  const index = xml.indexOf(token, from);
  return index < 0 ? -1 : index + token.length;
}

/** Index of the `>` closing a start tag, skipping quoted attribute values (they may hold `>`). */
function endOfTag(xml: string, from: number): number {
  let quote = '';
  for (let index = from; index < xml.length; index += 1) {
    const char = xml[index];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return index;
    }
  }
  return -1;
}
