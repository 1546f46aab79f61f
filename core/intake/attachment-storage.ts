import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, openSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import {
  ATTACHMENT_LIMITS,
  SNIFF_BYTES,
  decideContentType,
  isPlainText,
  plainTextChecker,
  type AllowedContentType,
} from './file-types';

/** Why a file was not kept. */
export type FileProblem = 'tooLarge' | 'type' | 'tooMany' | 'empty';

/** One file a customer sent: stored (with its sniffed type and hash) or refused with the reason. */
export interface ReceivedFile {
  originalName: string;
  /** Random name under the attachments folder; set only when the file was kept. */
  storedName?: string;
  contentType?: AllowedContentType;
  size: number;
  sha256?: string;
  problem?: FileProblem;
}

/** The folder attachments live in, under the data folder. */
export const attachmentsDir = (dataDir: string): string => path.join(dataDir, 'attachments');

/** A fresh, unguessable file name (no extension: the type lives in the database, not the name). */
const randomName = (): string => randomBytes(18).toString('hex');

/** Keeps a customer's file name readable but harmless: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return (base || 'file').slice(0, 200);
}

const uploads = new WeakMap<Request, ReceivedFile[]>();

/** What the attachment storage made of the files in this request, in the order they arrived. */
export function receivedFiles(req: Request): ReceivedFile[] {
  return uploads.get(req) ?? [];
}

/** Deletes the stored files of a request that will not be kept (a refused form, a duplicate submit). */
export function discardFiles(dir: string, files: ReceivedFile[]): void {
  for (const f of files) if (f.storedName) rmSync(path.join(dir, f.storedName), { force: true });
}

/**
 * A multer storage engine that writes each file to `dir` under a random name while hashing it,
 * sniffing its type and counting its size. Unlike multer's own limits it never aborts the request:
 * a file that is too large, of a refused type or one too many is drained and reported in
 * {@link receivedFiles}, so the form can show every problem at once with the fields kept.
 */
export function attachmentStorage(dir: string): StorageEngine {
  mkdirSync(dir, { recursive: true });
  return {
    _handleFile(req, file, callback) {
      const list = uploads.get(req) ?? [];
      uploads.set(req, list);
      const entry: ReceivedFile = { originalName: cleanFileName(file.originalname), size: 0 };
      list.push(entry);
      if (list.length > ATTACHMENT_LIMITS.maxFiles) {
        entry.problem = 'tooMany';
        file.stream.resume();
        file.stream.once('end', () => callback(null, { size: 0 }));
        return;
      }
      const storedName = randomName();
      const target = path.join(dir, storedName);
      const hash = createHash('sha256');
      const text = plainTextChecker();
      let head = Buffer.alloc(0);
      // Opened synchronously, so the file exists now and a refusal can remove it at once (an
      // asynchronous open could create it after the removal).
      let out: WriteStream | undefined = createWriteStream(target, { fd: openSync(target, 'wx', 0o600) });
      let failed: Error | undefined;
      out.on('error', (err) => (failed = err));
      const drop = (): void => {
        out?.destroy();
        out = undefined;
        rmSync(target, { force: true });
      };
      file.stream.on('data', (chunk: Buffer) => {
        entry.size += chunk.length;
        if (!out) return; // already refused: keep draining
        if (entry.size > ATTACHMENT_LIMITS.maxBytes) {
          entry.problem = 'tooLarge';
          drop();
          return;
        }
        if (head.length < SNIFF_BYTES)
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        hash.update(chunk);
        text.push(chunk);
        out.write(chunk);
      });
      file.stream.once('error', (err) => {
        drop();
        callback(err);
      });
      file.stream.once('end', () => {
        if (!out) return callback(null, { size: entry.size });
        if (entry.size === 0) {
          entry.problem = 'empty';
          drop();
          return callback(null, { size: 0 });
        }
        const contentType = decideContentType(entry.originalName, head, text.done());
        if (!contentType) {
          entry.problem = 'type';
          drop();
          return callback(null, { size: entry.size });
        }
        const stream = out;
        stream.end(() => {
          if (failed) {
            rmSync(target, { force: true });
            return callback(failed);
          }
          Object.assign(entry, { storedName, contentType, sha256: hash.digest('hex') });
          callback(null, { size: entry.size, path: target, filename: storedName, destination: dir });
        });
      });
    },
    _removeFile(_req, file, callback) {
      if (file.path) rmSync(file.path, { force: true });
      callback(null);
    },
  };
}

/** Checks and stores one file held in memory (an email attachment) the same way as an upload. */
export function storeBuffer(dir: string, originalName: string, content: Buffer): ReceivedFile {
  const entry: ReceivedFile = { originalName: cleanFileName(originalName), size: content.length };
  if (content.length === 0) return { ...entry, problem: 'empty' };
  if (content.length > ATTACHMENT_LIMITS.maxBytes) return { ...entry, problem: 'tooLarge' };
  const contentType = decideContentType(
    entry.originalName,
    content.subarray(0, SNIFF_BYTES),
    isPlainText(content),
  );
  if (!contentType) return { ...entry, problem: 'type' };
  mkdirSync(dir, { recursive: true });
  const storedName = randomName();
  writeFileSync(path.join(dir, storedName), content, { flag: 'wx', mode: 0o600 });
  return { ...entry, storedName, contentType, sha256: createHash('sha256').update(content).digest('hex') };
}
