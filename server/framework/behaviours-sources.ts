/** The expected shape of the behaviour transcriptions in framework-sources/behaviours/ (lenient: extra keys ignored). */
import { z } from 'zod';
import { ImportError } from './errors.js';
import { behaviourLevelSchema } from './schemas.js';

export const sourceEntry = z.object({
  role: z.string(),
  repo: z.string().optional(),
  path: z.string().optional(),
  commit: z.string().optional(),
  sha256: z.string().optional(),
  page: z.string().optional(),
  note: z.string().optional(),
});
const common = {
  title: z.string(),
  edition: z.string(),
  publisher: z.string(),
  sources: z.array(sourceEntry),
  framework_text: z.record(z.string(), z.string()),
  structure_note: z.string(),
  gaps: z.array(z.string()),
};
const sixLevels = <T extends z.ZodType>(cell: T) =>
  z.object({ '1': cell, '2': cell, '3': cell, '4': cell, '5': cell, '6': cell });

export const spSourceSchema = z.object({
  ...common,
  levels: z.array(
    z.object({
      level: behaviourLevelSchema,
      name: z.string(),
      heading: z.string(),
      intro: z.string(),
      grades: z.array(z.string()),
      pdf_pages: z.array(z.number()),
      annotation_not_from_source: z.string().optional(),
    }),
  ),
  behaviours: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      levels: sixLevels(z.object({ paragraph: z.string(), indicators: z.array(z.string()) })),
    }),
  ),
});

export const cscfSourceSchema = z.object({
  ...common,
  levels_note: z.string(),
  levels: z.array(
    z.object({
      level: behaviourLevelSchema,
      name: z.string(),
      grades: z.array(z.string()),
      heading_verbatim: z.string().nullable(),
      heading_source: z.string().optional(),
      verified: z.union([z.boolean(), z.literal('partly')]),
    }),
  ),
  clusters: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      title_in_source: z.string(),
      competencies: z.array(
        z.object({
          id: z.string(),
          source_key: z.string(),
          name: z.string(),
          description: z.string(),
          levels: sixLevels(z.object({ effective: z.array(z.string()), ineffective: z.array(z.string()) })),
        }),
      ),
    }),
  ),
  corrections: z.array(z.object({ where: z.string(), source_text: z.string(), output_text: z.string() })),
});

export function parseSource<T>(schema: z.ZodType<T>, file: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ImportError(
    `${file} is not in the expected shape`,
    result.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`),
  );
}
