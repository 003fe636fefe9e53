// Runs in the main process, server and CLI. The contract's workspaces.*, blueprints.*, tenants.*,
// deployments.* and admin.query operations; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import { tenantOperations } from '../../../shared/contract/tenants';
import { AppError } from '../../../shared/errors';

type TenantHandlers = Pick<Handlers, keyof typeof tenantOperations>;

const notYet = (): Promise<never> =>
  Promise.reject(
    new AppError('INTERNAL', 'Tenants are not implemented yet; this operation arrives shortly.'),
  );

export const tenantHandlers = (): TenantHandlers => ({
  'workspaces.list': notYet,
  'workspaces.create': notYet,
  'workspaces.get': notYet,
  'workspaces.delete': notYet,
  'workspaces.schema': notYet,
  'workspaces.importSchema': notYet,
  'workspaces.query': notYet,
  'workspaces.diff': notYet,
  'workspaces.skipChange': notYet,
  'workspaces.revertChange': notYet,
  'workspaces.deploy': notYet,
  'blueprints.list': notYet,
  'blueprints.get': notYet,
  'blueprints.versions': notYet,
  'tenants.list': notYet,
  'tenants.create': notYet,
  'tenants.get': notYet,
  'tenants.delete': notYet,
  'tenants.suspend': notYet,
  'tenants.resume': notYet,
  'tenants.restore': notYet,
  'tenants.reveal': notYet,
  'tenants.deployments': notYet,
  'deployments.list': notYet,
  'deployments.create': notYet,
  'deployments.get': notYet,
  'deployments.retry': notYet,
  'admin.query': notYet,
});
