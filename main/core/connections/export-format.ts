// Runs in the main process, server and CLI. Benchphant's own connection file, written by export
// and read back by import: versioned, and without any secret by construction (no password field).
import { z } from 'zod';
import { dbTypeSchema, environmentSchema, tlsSchema } from '../../../shared/model/connection';

export const EXPORT_FORMAT = 'benchphant-connections';
export const EXPORT_VERSION = 1;

export const exportedConnectionSchema = z.object({
  name: z.string(),
  type: dbTypeSchema,
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  username: z.string(),
  environment: environmentSchema,
  description: z.string(),
  tags: z.array(z.string()),
  tls: tlsSchema,
});
export type ExportedConnection = z.infer<typeof exportedConnectionSchema>;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  connections: ExportedConnection[];
}
