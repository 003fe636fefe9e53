// Runs in every process. Saved benchmark profiles: a run's settings under a name, so the same
// workload can be run again, against any connection, from the form, the CLI or a plan.
import { z } from 'zod';
import { idSchema } from '../model/connection';
import { runStartSchema } from './benchmarks';
import { operation } from './define';

/** Everything a run needs except where it runs and the production confirmation. */
export const profileConfigSchema = runStartSchema.omit({
  connection_id: true,
  allow_production: true,
});
export type ProfileConfig = z.infer<typeof profileConfigSchema>;

const profileName = z
  .string()
  .trim()
  .min(1, 'a profile needs a name')
  .max(100, 'a profile name has at most 100 characters');

export const profileSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  config: profileConfigSchema,
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Profile = z.infer<typeof profileSchema>;

export const profileOperations = {
  /** Every saved profile, by name. */
  'profiles.list': operation({
    doc: 'List saved benchmark profiles.',
    input: z.object({}).default({}),
    output: z.array(profileSchema),
    rest: { method: 'GET', path: '/api/v1/benchmark-profiles' },
  }),
  /** Save settings under a name; an existing name is replaced only when asked to. */
  'profiles.save': operation({
    doc: 'Save a benchmark profile.',
    input: z.object({
      name: profileName,
      description: z.string().max(2000).default(''),
      config: profileConfigSchema,
      replace: z.boolean().default(false),
    }),
    output: profileSchema,
    rest: { method: 'POST', path: '/api/v1/benchmark-profiles', status: 201 },
  }),
  'profiles.delete': operation({
    doc: 'Delete a benchmark profile.',
    input: z.object({ id: idSchema }),
    output: z.object({ message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/benchmark-profiles/{id}' },
  }),
};
