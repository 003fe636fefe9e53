// Runs in the main process, server and CLI. The `ecommerce` template: a catalogue with
// categories and inventory, customers with addresses, orders with items, payments and reviews.
import type { JsonTable } from '../../../../shared/contract/tenants';
import { col, fk, table } from './build';

export const ecommerce: JsonTable[] = [
  table('customers', [
    col('id', 'serial', { primary_key: true }),
    col('email', 'varchar(255)', { nullable: false, unique: true }),
    col('name', 'varchar(200)', { nullable: false }),
    col('created_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
  ]),
  table(
    'addresses',
    [
      col('id', 'serial', { primary_key: true }),
      fk('customer_id', 'int', 'customers', 'CASCADE'),
      col('line1', 'varchar(200)', { nullable: false }),
      col('city', 'varchar(100)', { nullable: false }),
      col('postal_code', 'varchar(20)', { nullable: false }),
      col('country', 'char(2)', { nullable: false }),
    ],
    [{ columns: ['customer_id'] }],
  ),
  table('categories', [
    col('id', 'serial', { primary_key: true }),
    col('name', 'varchar(100)', { nullable: false, unique: true }),
    col('parent_id', 'int'),
  ]),
  table(
    'products',
    [
      col('id', 'serial', { primary_key: true }),
      fk('category_id', 'int', 'categories', 'RESTRICT'),
      col('sku', 'varchar(64)', { nullable: false, unique: true }),
      col('title', 'varchar(300)', { nullable: false }),
      col('price', 'numeric(12,2)', { nullable: false }),
      col('active', 'boolean', { nullable: false, default: true }),
    ],
    [{ columns: ['category_id', 'active'] }],
  ),
  table('inventory', [
    col('product_id', 'int', {
      primary_key: true,
      references: { table: 'products', column: 'id', on_delete: 'CASCADE' },
    }),
    col('quantity', 'int', { nullable: false, default: 0 }),
    col('updated_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
  ]),
  table(
    'orders',
    [
      col('id', 'bigserial', { primary_key: true }),
      fk('customer_id', 'int', 'customers', 'RESTRICT'),
      col('status', 'varchar(20)', { nullable: false, default: 'new' }),
      col('total', 'numeric(12,2)', { nullable: false, default: 0 }),
      col('placed_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['customer_id', 'placed_at'] }, { columns: ['status'] }],
  ),
  table(
    'order_items',
    [
      col('id', 'bigserial', { primary_key: true }),
      fk('order_id', 'bigint', 'orders', 'CASCADE'),
      fk('product_id', 'int', 'products', 'RESTRICT'),
      col('quantity', 'int', { nullable: false }),
      col('unit_price', 'numeric(12,2)', { nullable: false }),
    ],
    [{ columns: ['order_id'] }, { columns: ['product_id'] }],
  ),
  table(
    'payments',
    [
      col('id', 'bigserial', { primary_key: true }),
      fk('order_id', 'bigint', 'orders', 'CASCADE'),
      col('provider', 'varchar(50)', { nullable: false }),
      col('amount', 'numeric(12,2)', { nullable: false }),
      col('status', 'varchar(20)', { nullable: false, default: 'authorized' }),
      col('created_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['order_id'] }],
  ),
  table(
    'reviews',
    [
      col('id', 'bigserial', { primary_key: true }),
      fk('product_id', 'int', 'products', 'CASCADE'),
      fk('customer_id', 'int', 'customers', 'CASCADE'),
      col('rating', 'smallint', { nullable: false }),
      col('body', 'text'),
      col('created_at', 'timestamp', { nullable: false, default_current_timestamp: true }),
    ],
    [{ columns: ['product_id', 'customer_id'], unique: true }],
  ),
];
