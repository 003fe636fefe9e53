// Runs in the main process, server and CLI. The built-in schema templates, by name.
import type { JsonTable, TEMPLATES } from '../../../../shared/contract/tenants';
import { ecommerce } from './ecommerce';
import { fintech } from './fintech';

export const TEMPLATE_TABLES: Record<(typeof TEMPLATES)[number], JsonTable[]> = {
  fintech,
  ecommerce,
};
