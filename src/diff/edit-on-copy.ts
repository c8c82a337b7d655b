type Json = Record<string, unknown>;

/**
 * Edits of `original` made on a copy, taken at the first `set` (a value undefined removes the key); `start`: a copy the
 * caller already made of it, edited in place. `result()`: the copy, or `start` itself where nothing was set. Pure.
 */
export function editOnCopy(original: Json, start: Json = original): { set(key: string, value: unknown): void; result(): Json } {
  let result = start;
  return {
    set(key, value) {
      if (result === original) result = { ...original };
      if (value === undefined) delete result[key];
      else result[key] = value;
    },
    result: () => result,
  };
}
