// Runs in the renderer. Checks an answer against its contract schema in slices of a few
// milliseconds, yielding to the browser between them: a one-hour run's 3 600 intervals (or three
// of them in a comparison) checked in one go kept the page frozen for longer than a frame.
// Every value is still checked by the contract's own schemas; only the order of work changes.
import { z } from 'zod';

/** How long one slice of checking may run before the browser gets the thread back. */
const SLICE_MS = 4;

export type Checked = { success: true; data: unknown } | { success: false };

interface Scheduler {
  yield?: () => Promise<void>;
}

/** Hands the thread back to the browser (input, paint) and resumes as soon as it can. */
function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Small items checked between two looks at the clock. */
const CLOCK_EVERY = 8;

const holdsArraysOf = new WeakMap<z.ZodType, boolean>();

/**
 * Whether an item may be large: an object with array fields (a comparison's run as columns, which
 * is checked whole when refined). The clock is read before each such item, not every eighth.
 */
function holdsArrays(schema: z.ZodType): boolean {
  let holds = holdsArraysOf.get(schema);
  if (holds === undefined) {
    holds =
      schema instanceof z.ZodObject &&
      Object.values(schema.shape).some((field) => field instanceof z.ZodArray);
    holdsArraysOf.set(schema, holds);
  }
  return holds;
}

class Slicer {
  private start = performance.now();

  /** Whether this slice has used its time. */
  due(): boolean {
    return performance.now() - this.start >= SLICE_MS;
  }

  async pause(): Promise<void> {
    await yieldToBrowser();
    this.start = performance.now();
  }
}

/** Schemas with refinements of their own are checked whole: a refinement sees the whole value. */
const plain = (schema: z.ZodType) => (schema.def.checks ?? []).length === 0;

/** Whether checking `schema` can be split: an array, or an object with array fields. */
function splittable(schema: z.ZodType): boolean {
  if (!plain(schema)) return false;
  if (schema instanceof z.ZodArray) return true;
  if (schema instanceof z.ZodObject) return arrayKeys(schema).length > 0;
  return false;
}

const keysOf = new WeakMap<z.ZodObject, string[]>();

/** The object's fields that are arrays (required ones: optional fields are checked with the rest). */
function arrayKeys(schema: z.ZodObject): string[] {
  let keys = keysOf.get(schema);
  if (!keys) {
    keys = Object.entries(schema.shape)
      .filter(([, field]) => field instanceof z.ZodArray && plain(field))
      .map(([key]) => key);
    keysOf.set(schema, keys);
  }
  return keys;
}

const shallowOf = new WeakMap<z.ZodObject, z.ZodObject>();

/** The object's schema with each array field only checked to be an array (its items come after). */
function shallow(schema: z.ZodObject): z.ZodObject {
  let s = shallowOf.get(schema);
  if (!s) {
    s = schema.extend(Object.fromEntries(arrayKeys(schema).map((k) => [k, z.array(z.unknown())])));
    shallowOf.set(schema, s);
  }
  return s;
}

async function check(schema: z.ZodType, value: unknown, slicer: Slicer): Promise<Checked> {
  if (!splittable(schema)) {
    if (slicer.due()) await slicer.pause();
    return schema.safeParse(value);
  }
  if (schema instanceof z.ZodArray) {
    if (!Array.isArray(value)) return schema.safeParse(value);
    const item = schema.element as z.ZodType;
    const out = new Array<unknown>(value.length);
    // Items that cannot be split are checked in a plain loop (an await per item costs more than
    // checking a small one), with a look at the clock every few.
    const whole = !splittable(item);
    const every = holdsArrays(item) ? 1 : CLOCK_EVERY;
    for (let i = 0; i < value.length; i += 1) {
      if (whole && i % every === 0 && slicer.due()) await slicer.pause();
      const r = whole ? item.safeParse(value[i]) : await check(item, value[i], slicer);
      if (!r.success) return r;
      out[i] = r.data;
    }
    return { success: true, data: out };
  }
  const object = schema as z.ZodObject;
  const top = shallow(object).safeParse(value);
  if (!top.success) return top;
  const data = top.data;
  const source = value as Record<string, unknown>;
  const shape: Record<string, z.ZodType> = object.shape;
  for (const key of arrayKeys(object)) {
    const r = await check(shape[key]!, source[key], slicer);
    if (!r.success) return r;
    data[key] = r.data;
  }
  return { success: true, data };
}

/**
 * `schema.safeParse(value)`, in slices that each leave the main thread within a few ms. The first
 * starts in a task of its own: the answer came in a task that has just spent its time receiving
 * and decoding it. A last slice that used its time hands the thread back before the result goes
 * on: what the caller does with it (a screen's render) starts a task of its own too.
 */
export async function slicedParse(schema: z.ZodType, value: unknown): Promise<Checked> {
  const slicer = new Slicer();
  await slicer.pause();
  const checked = await check(schema, value, slicer);
  if (slicer.due()) await slicer.pause();
  return checked;
}
