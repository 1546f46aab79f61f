import { decideContentType, extensionOf, isPlainText, sniffContentType } from '../file-types';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const ftyp = (brand: string): Buffer => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0]);

describe('attachment file types', () => {
  it.each([
    ['a PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['a PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    ['a WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
    ['a HEIC photo', ftyp('heic'), 'image/heic'],
    ['an MP3 with ID3 tags', bytes('ID3', [3, 0]), 'audio/mpeg'],
    ['an MP3 frame', bytes([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
    ['an M4A recording', ftyp('M4A '), 'audio/mp4'],
    ['an Ogg recording', bytes('OggS', [0, 2]), 'audio/ogg'],
    ['an MP4 video', ftyp('isom'), 'video/mp4'],
  ])('should recognise %s by its first bytes', (_what, head, type) => {
    expect(sniffContentType(head)).toBe(type);
  });

  it('should NOT recognise an executable, HTML or an unknown ftyp brand', () => {
    expect(sniffContentType(bytes('MZ', [0x90, 0]))).toBeNull();
    expect(sniffContentType(bytes('<!doctype html><script>'))).toBeNull();
    expect(sniffContentType(ftyp('xxxx'))).toBeNull();
  });

  it('should refuse a file whose bytes are not those of an allowed type, whatever its name', () => {
    // given a Windows program renamed to look like a PDF
    const exe = bytes('MZ', [0x90, 0, 3, 0]);
    // then it is refused
    expect(decideContentType('invoice.pdf', exe, false)).toBeNull();
  });

  it('should refuse an allowed format under a name whose extension is not allowed', () => {
    expect(decideContentType('photo.exe', bytes([0xff, 0xd8, 0xff, 0xe0]), false)).toBeNull();
    expect(decideContentType('page.html', bytes('hello'), true)).toBeNull();
  });

  it('should store a file with the type of its bytes, not of its name', () => {
    expect(
      decideContentType('scan.jpg', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), false),
    ).toBe('image/png');
  });

  it('should accept a .txt only when it really is UTF-8 text', () => {
    expect(
      decideContentType(
        'notes.txt',
        bytes('Meter reading 4711\n'),
        isPlainText(bytes('Meter reading 4711\n')),
      ),
    ).toBe('text/plain');
    expect(isPlainText(Buffer.from('شماره کنتور ۴۷۱۱\r\n', 'utf8'))).toBe(true);
    expect(isPlainText(bytes([0x00, 0x01, 0x02]))).toBe(false);
    expect(isPlainText(bytes([0xc3, 0x28]))).toBe(false); // invalid UTF-8
    expect(decideContentType('notes.txt', bytes([0, 1, 2]), false)).toBeNull();
  });

  it('should read extensions case-insensitively and without paths', () => {
    expect(extensionOf('C:\\Users\\me\\Photo.JPEG')).toBe('jpeg');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
  });
});
