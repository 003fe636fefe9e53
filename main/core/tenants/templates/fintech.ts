// Runs in the main process, server and CLI. The `fintech` template: customers, accounts,
// ledger transactions, transfers, cards and loans, with foreign keys and the indexes a banking
// workload reads by. Portable types (serial, timestamp, boolean) map to each engine.
import type { JsonTable } from '../../../../shared/contract/tenants';
import { col, fk, table } from './build';

export const fintech: JsonTable[] = [
  table(
    'customers',
    [
      col('id', 'serial', { primary_key: true }),
      col('email', 'varchar(255)', { nullable: false, unique: true }),
      col('full_name', 'varchar(200)', { nullable: false }),
      col('country', 'char(2)', { nullable: false }),
      col('kyc_status', 'varchar(20)', { nullable: false, default: 'pending' }),
      col('created_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['country', 'kyc_status'] }],
  ),
  table(
    'accounts',
    [
      col('id', 'serial', { primary_key: true }),
      fk('customer_id', 'int', 'customers', 'CASCADE'),
      col('iban', 'varchar(34)', { nullable: false, unique: true }),
      col('currency', 'char(3)', { nullable: false }),
      col('balance', 'numeric(18,2)', { nullable: false, default: 0 }),
      col('status', 'varchar(20)', { nullable: false, default: 'open' }),
      col('opened_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['customer_id'] }],
  ),
  table(
    'transactions',
    [
      col('id', 'bigserial', { primary_key: true }),
      fk('account_id', 'int', 'accounts', 'CASCADE'),
      col('amount', 'numeric(18,2)', { nullable: false }),
      col('direction', 'char(1)', { nullable: false }),
      col('description', 'varchar(500)'),
      col('booked_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['account_id', 'booked_at'] }],
  ),
  table(
    'transfers',
    [
      col('id', 'bigserial', { primary_key: true }),
      fk('from_account_id', 'int', 'accounts', 'RESTRICT'),
      fk('to_account_id', 'int', 'accounts', 'RESTRICT'),
      col('amount', 'numeric(18,2)', { nullable: false }),
      col('status', 'varchar(20)', { nullable: false, default: 'pending' }),
      col('created_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['from_account_id'] }, { columns: ['to_account_id'] }, { columns: ['status'] }],
  ),
  table(
    'cards',
    [
      col('id', 'serial', { primary_key: true }),
      fk('account_id', 'int', 'accounts', 'CASCADE'),
      col('last4', 'char(4)', { nullable: false }),
      col('brand', 'varchar(20)', { nullable: false }),
      col('expires_on', 'date', { nullable: false }),
      col('frozen', 'boolean', { nullable: false, default: false }),
    ],
    [{ columns: ['account_id'] }],
  ),
  table(
    'loans',
    [
      col('id', 'serial', { primary_key: true }),
      fk('customer_id', 'int', 'customers', 'RESTRICT'),
      col('principal', 'numeric(18,2)', { nullable: false }),
      col('rate_bps', 'int', { nullable: false }),
      col('term_months', 'int', { nullable: false }),
      col('status', 'varchar(20)', { nullable: false, default: 'active' }),
    ],
    [{ columns: ['customer_id', 'status'] }],
  ),
  table(
    'loan_payments',
    [
      col('id', 'bigserial', { primary_key: true }),
      fk('loan_id', 'int', 'loans', 'CASCADE'),
      col('due_on', 'date', { nullable: false }),
      col('amount', 'numeric(18,2)', { nullable: false }),
      col('paid_at', 'timestamp'),
    ],
    [{ columns: ['loan_id', 'due_on'], unique: true }],
  ),
  table(
    'audit_log',
    [
      col('id', 'bigserial', { primary_key: true }),
      col('actor', 'varchar(100)', { nullable: false }),
      col('action', 'varchar(100)', { nullable: false }),
      col('entity', 'varchar(100)', { nullable: false }),
      col('entity_id', 'bigint'),
      col('at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['entity', 'entity_id'] }],
  ),
];
