/**
 * multipart/form-data for the edition upload form, and nothing else. The importer needs each file
 * whole in memory anyway (it parses and validates every row before anything is stored), so the
 * body is read with express.raw under a total limit and split here: no streaming parser, and no
 * new dependency. Only administrators' requests are read; anyone else's is left unparsed, so the
 * router refuses it (and CSRF finds no token).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { hasRole } from '../../domain/roles.js';
import { HttpError } from '../../errors.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Three files at their limit, and room for the fields: a larger body is a 413 before it is read. */
export const MAX_BODY_BYTES = 3 * MAX_FILE_BYTES + 2 * 1024 * 1024;

export type UploadedFile = { readonly filename: string; readonly bytes: Buffer };

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits a multipart body into its text fields and files; throws HttpError(400) if it is malformed. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string | UploadedFile> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2];
  if (token === undefined) throw new HttpError(400, 'The form could not be read');
  const delimiter = Buffer.from(`--${token}`);
  const out: Record<string, string | UploadedFile> = {};
  let at = body.indexOf(delimiter);
  if (at < 0) throw new HttpError(400, 'The form could not be read');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return out;
    if (!body.subarray(at, at + 2).equals(CRLF)) throw new HttpError(400, 'The form could not be read');
    const headerEnd = body.indexOf(HEADER_END, at + 2);
    const next = body.indexOf(Buffer.from(`\r\n--${token}`), at + 2);
    if (headerEnd < 0 || next < 0 || headerEnd > next) throw new HttpError(400, 'The form could not be read');
    const headers = body.subarray(at + 2, headerEnd).toString('utf8');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const content = body.subarray(headerEnd + 4, next);
    if (name !== undefined && name !== '' && !(name in out))
      out[name] = filename === undefined ? content.toString('utf8') : uploadedFile(filename, content);
    at = next + 2;
  }
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
  const raw = express.raw({ type: 'multipart/form-data', limit: MAX_BODY_BYTES });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    if (!req.user || !hasRole(req.user, 'administrator')) return next();
    raw(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        const body: unknown = req.body;
        req.body = Buffer.isBuffer(body) ? parseMultipart(body, req.get('content-type') ?? '') : {};
        next();
      } catch (parseError) {
        next(parseError);
      }
    });
  };
}
