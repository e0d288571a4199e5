/**
 * multipart/form-data for the edition upload form, and nothing else, parsed by busboy. The importer
 * needs each file whole in memory anyway (it parses and validates every row before anything is
 * stored), so each file is collected up to one byte past its limit (the service then refuses it by
 * name), and a body over the total limit is a 413. Only administrators' requests are read; anyone
 * else's is left unparsed, so the router refuses it (and CSRF finds no token).
 */
import busboy from 'busboy';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hasRole } from '../../domain/roles.js';
import { HttpError } from '../../errors.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Three files at their limit, and room for the fields: a larger body is a 413. */
export const MAX_BODY_BYTES = 3 * MAX_FILE_BYTES + 2 * 1024 * 1024;

export type UploadedFile = { readonly filename: string; readonly bytes: Buffer };

type Form = Record<string, string | UploadedFile>;

/** Reads the request's multipart body into its text fields and files (the first of each name). */
function readMultipart(req: Request): Promise<Form> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.get('content-length'));
    if (declared > MAX_BODY_BYTES) return reject(new HttpError(413, 'What you sent is too large'));
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: MAX_FILE_BYTES + 1, files: 5, fields: 20, fieldSize: 64 * 1024 },
      });
    } catch {
      return reject(new HttpError(400, 'The form could not be read'));
    }
    const form: Form = {};
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_BODY_BYTES) {
        req.unpipe(parser);
        reject(new HttpError(413, 'What you sent is too large'));
      }
    });
    parser.on('field', (name, value) => {
      if (name && !(name in form)) form[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (name && !(name in form)) form[name] = uploadedFile(info.filename ?? '', Buffer.concat(chunks));
      });
    });
    parser.on('error', () => reject(new HttpError(400, 'The form could not be read')));
    parser.on('close', () => resolve(form));
    req.pipe(parser);
  });
}

/** `bytes` is not enumerable: form checks that walk every value (findUnstorable) skip the file's bytes. */
function uploadedFile(filename: string, content: Buffer): UploadedFile {
  const file = { filename } as { filename: string; bytes: Buffer };
  Object.defineProperty(file, 'bytes', { value: Buffer.from(content), enumerable: false });
  return file;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    'bytes' in value &&
    Buffer.isBuffer((value as UploadedFile).bytes)
  );
}

/** Mounted before CSRF protection (which reads `_csrf` from the parsed body). */
export function editionUpload(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    if (!req.user || !hasRole(req.user, 'administrator')) return next();
    readMultipart(req).then((form) => {
      req.body = form;
      next();
    }, next);
  };
}
