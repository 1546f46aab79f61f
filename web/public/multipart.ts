import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import {
  attachmentStorage,
  discardFiles,
  receivedFiles,
  type ReceivedFile,
} from '../../core/intake/attachment-storage';
import { ATTACHMENT_LIMITS } from '../../core/intake/file-types';

/** Field name of the file input on the customer forms. */
export const FILES_FIELD = 'attachments';

// Room for the allowed files plus the text fields; anything bigger is refused before it is read.
const MAX_REQUEST_BYTES = ATTACHMENT_LIMITS.maxFiles * ATTACHMENT_LIMITS.maxBytes + 2 * 1024 * 1024;
// Files beyond the allowed number are still parsed (and refused) up to this count, so the form can say why.
const PARSED_FILES = 20;

/** What a multipart form brought: its files (kept or refused) or why the whole request was refused. */
export interface MultipartResult {
  files: ReceivedFile[];
  refused?: 'tooLarge' | 'tooMany' | 'malformed';
}

const uploaders = new Map<string, ReturnType<typeof multer>>();

/**
 * Parses a multipart form into `req.body` and the attachments folder (a plain urlencoded form passes
 * through untouched). The storage engine checks each file's size and type as it streams; only a
 * request too big as a whole, or with far too many files, is refused outright.
 */
export async function readMultipart(req: Request, res: Response, dir: string): Promise<MultipartResult> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) {
    res.set('Connection', 'close');
    return { files: [], refused: 'tooLarge' };
  }
  let upload = uploaders.get(dir);
  if (!upload) {
    upload = multer({
      storage: attachmentStorage(dir),
      limits: {
        files: PARSED_FILES,
        fields: 40,
        fieldSize: 64 * 1024,
        parts: PARSED_FILES + 40,
        fieldNameSize: 100,
      },
    });
    uploaders.set(dir, upload);
  }
  const middleware = upload.array(FILES_FIELD, PARSED_FILES);
  const error = await new Promise<unknown>((resolve) => {
    void middleware(req, res, (err?: unknown) => resolve(err));
  });
  const files = receivedFiles(req);
  if (!error) return { files };
  discardFiles(dir, files);
  if (
    error instanceof MulterError &&
    (error.code === 'LIMIT_FILE_COUNT' ||
      error.code === 'LIMIT_UNEXPECTED_FILE' ||
      error.code === 'LIMIT_PART_COUNT')
  ) {
    return { files: [], refused: 'tooMany' };
  }
  if (error instanceof MulterError) return { files: [], refused: 'malformed' };
  throw error;
}
