/** Admin mode's connection item as a test keeps it: in memory, readable by the test. */
export function memoryConnection() {
  let kept: unknown = null;
  return {
    kept: () => kept,
    connection: {
      get: async () => kept as never,
      set: async (value: unknown) => {
        kept = value;
      },
      clear: async () => {
        kept = null;
      },
    },
  };
}
