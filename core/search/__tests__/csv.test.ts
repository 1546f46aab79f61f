import { csvCell, csvRow, toCsv } from '../csv';
import { decodeCursor, encodeCursor } from '../cursor';

describe('CSV export cells', () => {
  it('should quote cells with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2025-01-02T03:04:05.000Z'))).toBe('2025-01-02T03:04:05.000Z');
  });

  it('should prefix text a spreadsheet would run as a formula with an apostrophe', () => {
    for (const formula of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1'])
      expect(csvCell(formula).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    // numbers are data, even negative ones
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('should end every line with CRLF and start with a byte order mark', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('\uFEFFa,b\r\n1,"x,y"\r\n');
    expect(csvRow(['x', undefined, true])).toBe('x,,true');
  });
});

describe('search cursor', () => {
  it('should round-trip a cursor and NOT accept a tampered one', () => {
    const cursor = { createdAt: '2025-03-01T10:00:00.123456Z', id: '6f1c1d7e-3c9a-4c1e-9f3e-2b8d5c7a9e10' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(
      decodeCursor(Buffer.from("2025-03-01T10:00:00.123456Z|x' OR 1=1").toString('base64url')),
    ).toBeNull();
  });
});
