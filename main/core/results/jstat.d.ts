// Types for the two functions of `jstat` (a CommonJS module that ships no types) the statistics use.
declare module 'jstat' {
  const jStat: {
    studentt: {
      /** Cumulative distribution of Student's t with `df` degrees of freedom. */
      cdf(t: number, df: number): number;
      /** Quantile (inverse CDF) of Student's t. */
      inv(p: number, df: number): number;
    };
  };
  export default jStat;
}
