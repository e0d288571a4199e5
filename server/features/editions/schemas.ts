import { z } from 'zod';
import { isUploadedFile, type UploadedFile } from './upload.js';

const field = z.string().trim().default('');

/** A file input: browsers send an empty part (no name, no bytes) when nothing was chosen. */
const upload = (message: string) =>
  z
    .custom<UploadedFile>((v) => isUploadedFile(v) && (v.filename !== '' || v.bytes.length > 0), message)
    .transform((v) => v);
const optionalUpload = z
  .unknown()
  .optional()
  .transform((v) => (isUploadedFile(v) && (v.filename !== '' || v.bytes.length > 0) ? v : null));

function isoDate(day: string, month: string, year: string): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** The upload form: the two official exports, an optional grades file, and the release date. */
export const importSchema = z
  .object({
    'releaseDate-day': field,
    'releaseDate-month': field,
    'releaseDate-year': field,
    roles: upload('Choose the “Role content” CSV file'),
    skills: upload('Choose the “Skill description content” CSV file'),
    grades: optionalUpload,
  })
  .strict()
  .transform((v, ctx) => {
    const releaseDate = isoDate(v['releaseDate-day'], v['releaseDate-month'], v['releaseDate-year']);
    if (releaseDate === null) {
      const empty = !v['releaseDate-day'] && !v['releaseDate-month'] && !v['releaseDate-year'];
      ctx.addIssue({
        code: 'custom',
        path: ['releaseDate', 'day'],
        message: empty
          ? 'Enter the date the framework release was published'
          : 'Release date must be a real date, like 28 8 2026',
      });
      return z.NEVER;
    }
    if (releaseDate < '2020-01-01' || releaseDate > new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({
        code: 'custom',
        path: ['releaseDate', 'day'],
        message: 'Release date must be between 1 1 2020 and today',
      });
      return z.NEVER;
    }
    return { releaseDate, roles: v.roles, skills: v.skills, grades: v.grades };
  });

const levelKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{1,200}\/[a-z0-9-]{1,200}$/, 'Choose a proposed rename');

/** Confirming a proposed rename: the removed level and the added one. */
export const renameSchema = z.object({ from: levelKey, to: levelKey }).strict();

/** Publish and withdraw carry nothing but the CSRF token. */
export const emptySchema = z.object({}).strict();
