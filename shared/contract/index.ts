// Runs in every process. The one declaration of every operation and event: the IPC bridge,
// the HTTP/WebSocket server, the CLI and the renderer's client all follow from it.
import type { z } from 'zod';
import { accountOperations } from './accounts';
import { agentOperations } from './agents';
import { benchmarkEvents, benchmarkOperations } from './benchmarks';
import type { CallContext } from './call-context';
import { connectionTransferOperations } from './connection-transfer';
import { connectionEvents, connectionOperations } from './connections';
import { dbMetricsEvents, dbMetricsOperations } from './db-metrics';
import { hostMetricsEvents, hostMetricsOperations } from './host-metrics';
import { metricsEvents, metricsOperations } from './metrics';
import { planEvents, planOperations } from './plans';
import { profileOperations } from './profiles';
import { resultsOperations } from './results';
import { sandboxEvents, sandboxOperations } from './sandbox';
import { schedulerEvents, schedulerOperations } from './scheduler';
import { settingsEvents, settingsOperations } from './settings';
import { tenantOpsEvents, tenantOpsOperations } from './tenant-ops';
import { tenantEvents, tenantOperations } from './tenants';

export const operations = {
  ...connectionOperations,
  ...connectionTransferOperations,
  ...sandboxOperations,
  ...metricsOperations,
  ...benchmarkOperations,
  ...agentOperations,
  ...profileOperations,
  ...planOperations,
  ...resultsOperations,
  ...tenantOperations,
  ...tenantOpsOperations,
  ...schedulerOperations,
  ...dbMetricsOperations,
  ...accountOperations,
  ...hostMetricsOperations,
  ...settingsOperations,
};

export const events = {
  ...connectionEvents,
  ...sandboxEvents,
  ...metricsEvents,
  ...benchmarkEvents,
  ...planEvents,
  ...tenantEvents,
  ...tenantOpsEvents,
  ...schedulerEvents,
  ...dbMetricsEvents,
  ...hostMetricsEvents,
  ...settingsEvents,
};

export type Operations = typeof operations;
export type Method = keyof Operations;
export type Events = typeof events;
export type EventName = keyof Events;

/** What a caller sends (before defaults are applied). */
export type Input<M extends Method> = z.input<Operations[M]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedInput<M extends Method> = z.output<Operations[M]['input']>;
export type Output<M extends Method> = z.output<Operations[M]['output']>;
export type Payload<E extends EventName> = z.output<Events[E]['payload']>;

/**
 * Implementing the contract: a declared but unimplemented method is a type error. The context
 * says who calls; handlers that do not care leave it out, and a direct in-process call without
 * one is the owner's.
 */
export type Handlers = {
  [M in Method]: (input: ParsedInput<M>, ctx?: CallContext) => Promise<Output<M>>;
};

export const METHODS = Object.keys(operations) as Method[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethod(name: string): name is Method {
  return Object.hasOwn(operations, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

export * from './define';
export * from './call-context';
