// Runs in the main process, server and CLI. Benchphant's own connection file, written by export
// and read back by import: versioned, and without any secret by construction (no password field).
import type { z } from 'zod';
import { connectionSchema, PORTABLE_FIELDS } from '../../../shared/model/connection';

export const EXPORT_FORMAT = 'benchphant-connections';
export const EXPORT_VERSION = 1;

export const exportedConnectionSchema = connectionSchema.pick(PORTABLE_FIELDS);
export type ExportedConnection = z.infer<typeof exportedConnectionSchema>;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  connections: ExportedConnection[];
}
